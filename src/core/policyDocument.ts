/** The JSON shape of an IAM resource policy, as far as this extension reads it. */
export interface PolicyStatement {
  Sid?: string;
  Effect: 'Allow' | 'Deny';
  Principal?: unknown;
  NotPrincipal?: unknown;
  Action?: string | string[];
  NotAction?: string | string[];
  Condition?: unknown;
  [other: string]: unknown;
}

export interface PolicyDocument {
  Version?: string;
  Id?: string;
  Statement: PolicyStatement[];
  [other: string]: unknown;
}

/** The policy language versions IAM accepts. */
const POLICY_VERSIONS: readonly string[] = ['2012-10-17', '2008-10-17'];

/** ECR rejects repository policies longer than this many characters. */
export const POLICY_TEXT_LIMIT = 10_240;

/** Thrown for text that is not a policy document; the message says what is wrong. */
export class PolicyDocumentError extends Error {
  override readonly name = 'PolicyDocumentError';
}

/** Pretty-printed with two spaces and a final newline, so output is byte-stable. */
export function formatPolicy(document: PolicyDocument): string {
  return `${JSON.stringify(document, null, 2)}\n`;
}

/**
 * Parses and checks a policy document. A single statement object is accepted, as IAM
 * accepts it; the returned document always has a statement list.
 */
export function parsePolicyDocument(text: string): PolicyDocument {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new PolicyDocumentError(`Policy is not valid JSON: ${(error as Error).message}`);
  }
  if (!isObject(parsed)) {
    throw new PolicyDocumentError('Policy must be a JSON object with a Statement list.');
  }
  if (parsed.Version !== undefined && !POLICY_VERSIONS.includes(parsed.Version as string)) {
    throw new PolicyDocumentError(
      `Policy Version must be "2012-10-17" (or the older "2008-10-17"), ` +
        `not ${JSON.stringify(parsed.Version)}.`,
    );
  }

  const statements = normaliseStatements(parsed.Statement);
  statements.forEach(checkStatement);
  checkUniqueSids(statements);
  const document: PolicyDocument = { ...parsed, Statement: statements };
  return document;
}

function normaliseStatements(statement: unknown): PolicyStatement[] {
  if (statement === undefined) {
    throw new PolicyDocumentError('Policy has no Statement.');
  }
  const list = Array.isArray(statement) ? statement : [statement];
  list.forEach((item, index) => {
    if (!isObject(item)) {
      throw new PolicyDocumentError(`Statement ${index + 1} is not a JSON object.`);
    }
  });
  return list as PolicyStatement[];
}

function checkStatement(statement: PolicyStatement, index: number): void {
  const label = statement.Sid ? `Statement '${statement.Sid}'` : `Statement ${index + 1}`;
  if (statement.Effect !== 'Allow' && statement.Effect !== 'Deny') {
    throw new PolicyDocumentError(`${label} needs Effect "Allow" or "Deny".`);
  }
  if (statement.Principal === undefined && statement.NotPrincipal === undefined) {
    throw new PolicyDocumentError(`${label} has no Principal; a repository policy needs one.`);
  }
  if (statement.Action === undefined && statement.NotAction === undefined) {
    throw new PolicyDocumentError(`${label} has no Action.`);
  }
  if (statement.Sid !== undefined && typeof statement.Sid !== 'string') {
    throw new PolicyDocumentError(`${label} has a Sid that is not a string.`);
  }
}

function checkUniqueSids(statements: readonly PolicyStatement[]): void {
  const seen = new Set<string>();
  for (const { Sid } of statements) {
    if (Sid === undefined) {
      continue;
    }
    if (seen.has(Sid)) {
      throw new PolicyDocumentError(`Policy has more than one statement with Sid '${Sid}'.`);
    }
    seen.add(Sid);
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
