import { describeLossyJson } from './jsonFidelity';
import { PULL_STATEMENT_SID } from './policyBuilder';
import {
  POLICY_TEXT_LIMIT,
  PolicyDocument,
  PolicyDocumentError,
  PolicyStatement,
  formatPolicy,
  parsePolicyDocument,
} from './policyDocument';

export interface PolicyMerge {
  /** The merged policy, pretty-printed. */
  readonly text: string;
  readonly document: PolicyDocument;
  /** False when the existing policy already holds exactly our statement: nothing to write. */
  readonly changed: boolean;
  /** Our Sid's previous statement when it differed and was replaced. */
  readonly replaced: PolicyStatement | null;
  /** True when the merged text is over the service's size limit and cannot be written. */
  readonly exceedsLimit: boolean;
}

/**
 * Puts `statement` into an existing repository policy. Every other statement stays as it
 * was, in its place; a statement with the same Sid is replaced in place; with no policy
 * the result holds just this statement. Merging the result again changes nothing.
 * Throws PolicyDocumentError when the existing text is not a valid policy document.
 */
export function mergeStatement(
  existingText: string | null,
  statement: PolicyStatement,
): PolicyMerge {
  const sid = statement.Sid ?? PULL_STATEMENT_SID;
  const ours: PolicyStatement = { ...statement, Sid: sid };

  if (existingText === null || existingText.trim() === '') {
    return result({ Version: '2012-10-17', Statement: [ours] }, true, null);
  }

  const lossy = describeLossyJson(existingText);
  if (lossy !== null) {
    throw new PolicyDocumentError(
      `The policy cannot be merged without changing it: ${lossy}. Fix that in the policy first.`,
    );
  }
  const existing = parsePolicyDocument(existingText);
  const index = existing.Statement.findIndex((candidate) => candidate.Sid === sid);
  if (index === -1) {
    return result({ ...existing, Statement: [...existing.Statement, ours] }, true, null);
  }

  const previous = existing.Statement[index];
  if (sameJson(previous, ours)) {
    return result(existing, false, null);
  }
  const statements = existing.Statement.map((candidate, at) => (at === index ? ours : candidate));
  return result({ ...existing, Statement: statements }, true, previous);
}

function result(
  document: PolicyDocument,
  changed: boolean,
  replaced: PolicyStatement | null,
): PolicyMerge {
  const ordered = withVersionFirst(document);
  const text = formatPolicy(ordered);
  return {
    text,
    document: ordered,
    changed,
    replaced,
    exceedsLimit: text.length > POLICY_TEXT_LIMIT,
  };
}

// Keeps the document's own key order, but a missing Version gets the current one up front.
function withVersionFirst(document: PolicyDocument): PolicyDocument {
  return document.Version === undefined ? { Version: '2012-10-17', ...document } : document;
}

/**
 * True when two policy texts say the same thing, whatever their formatting: ECR may store
 * a policy with other whitespace than was sent. Unparseable texts compare as raw text.
 */
export function samePolicyText(left: string | null, right: string | null): boolean {
  if (left === null || right === null) {
    return left === right;
  }
  try {
    return sameJson(JSON.parse(left), JSON.parse(right));
  } catch {
    return left === right;
  }
}

/** True when the policy text holds exactly this statement (same Sid, same content). */
export function holdsStatement(policyText: string | null, statement: PolicyStatement): boolean {
  if (policyText === null) {
    return false;
  }
  try {
    const document = parsePolicyDocument(policyText);
    return document.Statement.some(
      (candidate) => candidate.Sid === statement.Sid && sameJson(candidate, statement),
    );
  } catch {
    return false;
  }
}

/** Order-insensitive for object keys and for action lists, which IAM treats as sets. */
function sameJson(left: unknown, right: unknown): boolean {
  return canonical(left) === canonical(right);
}

function canonical(value: unknown): string {
  if (Array.isArray(value)) {
    const items = value.map(canonical);
    return `[${items.sort().join(',')}]`;
  }
  if (typeof value === 'object' && value !== null) {
    const keys = Object.keys(value).sort();
    const record = value as Record<string, unknown>;
    return `{${keys.map((key) => `${JSON.stringify(key)}:${canonical(record[key])}`).join(',')}}`;
  }
  return JSON.stringify(value);
}
