/**
 * STS over the awsQuery wire protocol: a form-encoded body `Action=...&Version=2011-06-15`,
 * answered with XML. Only GetCallerIdentity is implemented; it is all the project calls.
 */
import { AwsError } from './awsError';
import type { WireResponse } from './ecrProtocol';

export const STS_VERSION = '2011-06-15';
const STS_NAMESPACE = `https://sts.amazonaws.com/doc/${STS_VERSION}/`;

export interface StsRequest {
  action: string;
  version: string;
  /** Form fields other than Action and Version. */
  params: Record<string, string>;
}

export interface StsIdentity {
  account: string;
  arn: string;
  userId: string;
}

export function parseStsRequest(body: Buffer): StsRequest {
  const form = new URLSearchParams(body.toString('utf8'));
  const params: Record<string, string> = {};
  for (const [key, value] of form) {
    if (key !== 'Action' && key !== 'Version') {
      params[key] = value;
    }
  }
  return { action: form.get('Action') ?? '', version: form.get('Version') ?? '', params };
}

export function runStsAction(request: StsRequest, identity: StsIdentity): string {
  if (request.action !== 'GetCallerIdentity' || request.version !== STS_VERSION) {
    throw new AwsError(
      'InvalidAction',
      `Could not find operation ${request.action} for version ${request.version}`,
    );
  }
  return (
    `<GetCallerIdentityResult><Arn>${xml(identity.arn)}</Arn>` +
    `<UserId>${xml(identity.userId)}</UserId><Account>${xml(identity.account)}</Account>` +
    '</GetCallerIdentityResult>'
  );
}

export function stsSuccess(action: string, resultXml: string, requestId: string): WireResponse {
  const body =
    `<${action}Response xmlns="${STS_NAMESPACE}">${resultXml}` +
    `<ResponseMetadata><RequestId>${requestId}</RequestId></ResponseMetadata>` +
    `</${action}Response>`;
  return { status: 200, headers: headers(requestId), body };
}

export function stsError(error: AwsError, requestId: string): WireResponse {
  // awsQuery says who is at fault: Sender for client errors, Receiver for the service's own.
  const type = error.status >= 500 ? 'Receiver' : 'Sender';
  const body =
    `<ErrorResponse xmlns="${STS_NAMESPACE}"><Error><Type>${type}</Type>` +
    `<Code>${xml(error.code)}</Code><Message>${xml(error.message)}</Message></Error>` +
    `<RequestId>${requestId}</RequestId></ErrorResponse>`;
  return { status: error.status, headers: headers(requestId), body, errorType: error.code };
}

function headers(requestId: string): Record<string, string> {
  return { 'content-type': 'text/xml', 'x-amzn-requestid': requestId };
}

function xml(text: string): string {
  return text.replace(/[<>&'"]/g, (c) => `&#${c.charCodeAt(0)};`);
}
