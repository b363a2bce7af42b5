/**
 * The awsJson1_1 wire protocol as ECR speaks it: `POST /` with
 * `X-Amz-Target: AmazonEC2ContainerRegistry_V20150921.<Operation>` and a JSON body; errors are
 * a JSON body whose `__type` names the exception, which is what the SDK turns into `err.name`.
 */
import { AwsError } from './awsError';

export const ECR_TARGET_PREFIX = 'AmazonEC2ContainerRegistry_V20150921.';
export const ECR_CONTENT_TYPE = 'application/x-amz-json-1.1';

export interface WireResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
  /** Error code, for the call record; absent on success. */
  errorType?: string;
}

/** Operation name from the target header, or undefined if the header is not ECR's. */
export function ecrOperationFromTarget(target: string | undefined): string | undefined {
  return target?.startsWith(ECR_TARGET_PREFIX) ? target.slice(ECR_TARGET_PREFIX.length) : undefined;
}

/** Request body as an object; anything else is what real ECR calls a SerializationException. */
export function parseEcrInput(body: Buffer): Record<string, unknown> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body.length === 0 ? '{}' : body.toString('utf8'));
  } catch {
    throw new AwsError(
      'SerializationException',
      'Start of structure or map found where not expected',
    );
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new AwsError('SerializationException', 'Request body must be a JSON object');
  }
  return parsed as Record<string, unknown>;
}

export function ecrSuccess(output: Record<string, unknown>, requestId: string): WireResponse {
  return { status: 200, headers: headers(requestId), body: JSON.stringify(output) };
}

export function ecrError(error: AwsError, requestId: string): WireResponse {
  return {
    status: error.status,
    headers: headers(requestId),
    body: JSON.stringify({ __type: error.code, message: error.message }),
    errorType: error.code,
  };
}

function headers(requestId: string): Record<string, string> {
  return { 'content-type': ECR_CONTENT_TYPE, 'x-amzn-requestid': requestId };
}
