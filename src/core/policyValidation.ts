import { PULL_STATEMENT_SID } from './policyBuilder';
import { POLICY_TEXT_LIMIT, PolicyDocumentError, parsePolicyDocument } from './policyDocument';

// The principal forms this extension writes: an account root, a user or a role.
const PRINCIPAL_ARN = /^arn:aws[a-z-]*:iam::\d{12}:(root|user\/.+|role\/.+)$/;

/**
 * Checks a policy text just before it is written: a valid policy document, our statement's
 * principals in ARN form, and within ECR's size limit. Returns what is wrong, or null.
 */
export function checkPolicyForWrite(text: string): string | null {
  if (text.length > POLICY_TEXT_LIMIT) {
    return (
      `The merged policy has ${text.length} characters; ECR accepts at most ` +
      `${POLICY_TEXT_LIMIT}. Remove unused statements first.`
    );
  }
  try {
    const document = parsePolicyDocument(text);
    const ours = document.Statement.find((statement) => statement.Sid === PULL_STATEMENT_SID);
    const principal = ours?.Principal as { AWS?: unknown } | undefined;
    const arns: unknown[] = principal?.AWS === undefined ? [] : [principal.AWS].flat();
    const bad = arns.find((arn) => typeof arn !== 'string' || !PRINCIPAL_ARN.test(arn));
    if (ours !== undefined && (arns.length === 0 || bad !== undefined)) {
      return `Statement '${PULL_STATEMENT_SID}' needs an IAM principal ARN, not ${JSON.stringify(bad ?? principal)}.`;
    }
  } catch (error) {
    return error instanceof PolicyDocumentError ? error.message : String(error);
  }
  return null;
}
