import { ClusterPrincipal } from './clusterSettings';
import { Partition } from './partition';
import { PolicyStatement } from './policyDocument';

/** One entry of a statement's Principal or NotPrincipal, as IAM would read it. */
export type PrincipalEntry =
  | { readonly kind: 'everyone'; readonly text: string }
  | {
      readonly kind: 'account';
      readonly text: string;
      readonly accountId: string;
      /** Null for a bare account ID, which IAM reads in the policy's own partition. */
      readonly partition: string | null;
    }
  | {
      readonly kind: 'identity';
      readonly text: string;
      readonly accountId: string;
      readonly partition: string;
      readonly identityType: 'user' | 'role' | 'assumed-role' | 'federated-user';
      /** The role an assumed-role session belongs to; null for other identities. */
      readonly sessionRoleName: string | null;
    }
  | { readonly kind: 'unique-id'; readonly text: string; readonly deleted: 'user' | 'role' }
  | { readonly kind: 'malformed'; readonly text: string; readonly problem: string };

/** Whether a statement's principals take in the cluster principal; `maybe` says why not known. */
export type PrincipalMatch =
  { readonly matches: 'yes' | 'no' } | { readonly matches: 'maybe'; readonly doubt: string };

const YES: PrincipalMatch = { matches: 'yes' };
const NO: PrincipalMatch = { matches: 'no' };

const ARN = /^arn:([^:]*):([^:]*):([^:]*):([^:]*):(.*)$/s;
const PARTITION = /^aws(?:-[a-z]+)*$/;
const ACCOUNT_ID = /^\d{12}$/;
const NAME = '[\\w+=,.@-]+';
const IAM_IDENTITY = new RegExp(`^(user|role)/(?:${NAME}/)*${NAME}$`);
const ASSUMED_ROLE = new RegExp(`^assumed-role/(${NAME})/${NAME}$`);
const FEDERATED_USER = new RegExp(`^federated-user/${NAME}$`);
// IAM shows a deleted user's (AIDA) or role's (AROA) unique ID where its ARN used to be.
const UNIQUE_ID = /^A(IDA|ROA)[A-Z0-9]{16,}$/;

/**
 * The AWS principals of a Principal or NotPrincipal element: `"*"`, or the values of its
 * `AWS` key (a string or a list). Service, federated and canonical-user principals are left
 * out: the cluster principal is never one of them. A bare string or list at the top level is
 * invalid IAM, but read as AWS principals so an unsaved draft still evaluates as meant.
 */
export function principalEntries(element: unknown): PrincipalEntry[] {
  return principalValues(element).map(classifyPrincipal);
}

/** The raw values principalEntries reads, for messages that quote them as written. */
export function principalValues(element: unknown): unknown[] {
  if (element === undefined || element === null) {
    return [];
  }
  if (typeof element === 'object' && !Array.isArray(element)) {
    const aws = (element as Record<string, unknown>).AWS;
    return aws === undefined ? [] : listOf(aws);
  }
  return listOf(element);
}

/** Reads one AWS principal value: what it names, or what is wrong with it. */
export function classifyPrincipal(value: unknown): PrincipalEntry {
  if (typeof value !== 'string') {
    return { kind: 'malformed', text: JSON.stringify(value), problem: 'is not a string' };
  }
  if (value === '*') {
    return { kind: 'everyone', text: value };
  }
  if (ACCOUNT_ID.test(value)) {
    return { kind: 'account', text: value, accountId: value, partition: null };
  }
  if (/^\d+$/.test(value)) {
    return malformed(value, `has ${value.length} digits; an AWS account ID has exactly 12`);
  }
  const unique = UNIQUE_ID.exec(value);
  if (unique) {
    return { kind: 'unique-id', text: value, deleted: unique[1] === 'IDA' ? 'user' : 'role' };
  }
  const arn = ARN.exec(value);
  return arn
    ? classifyArn(value, arn)
    : malformed(value, 'is neither "*", a 12-digit account ID nor an IAM ARN');
}

function classifyArn(
  text: string,
  [, partition, service, region, account, resource]: string[],
): PrincipalEntry {
  if (/[*?]/.test(text)) {
    const wholeAccount = ACCOUNT_ID.test(account)
      ? `arn:${partition}:iam::${account}:root`
      : 'arn:aws:iam::<account>:root';
    return malformed(
      text,
      `has a wildcard, but IAM matches principal ARNs exactly; use "*" alone for everyone ` +
        `or ${wholeAccount} for a whole account`,
    );
  }
  if (!PARTITION.test(partition)) {
    return malformed(text, `has partition '${partition}', which is not an AWS partition`);
  }
  if ((service !== 'iam' && service !== 'sts') || region !== '') {
    return malformed(text, 'is not an IAM or STS principal ARN');
  }
  if (!ACCOUNT_ID.test(account)) {
    return malformed(
      text,
      `has account ID '${account}' of ${account.length} characters; an AWS account ID has ` +
        `exactly 12 digits`,
    );
  }
  return classifyResource(text, partition, service, account, resource);
}

function classifyResource(
  text: string,
  partition: string,
  service: string,
  accountId: string,
  resource: string,
): PrincipalEntry {
  const identity = { kind: 'identity', text, accountId, partition, sessionRoleName: null } as const;
  if (service === 'iam' && resource === 'root') {
    return { kind: 'account', text, accountId, partition };
  }
  const iamIdentity = IAM_IDENTITY.exec(resource);
  if (service === 'iam' && iamIdentity) {
    return { ...identity, identityType: iamIdentity[1] as 'user' | 'role' };
  }
  const session = ASSUMED_ROLE.exec(resource);
  if (service === 'sts' && session) {
    return { ...identity, identityType: 'assumed-role', sessionRoleName: session[1] };
  }
  if (service === 'sts' && FEDERATED_USER.test(resource)) {
    return { ...identity, identityType: 'federated-user' };
  }
  if (resource.startsWith('group/')) {
    return malformed(text, 'names an IAM group, and groups cannot be principals');
  }
  return malformed(text, 'is not an account root, user, role or assumed-role ARN');
}

/**
 * Whether the statement's Principal or NotPrincipal takes in the cluster principal, for a
 * repository in `partition` (principals of other partitions never match).
 *
 * - `"*"`, a bare account ID or an account root ARN take in every identity of the account.
 * - A user or role ARN takes in only the identical ARN. Names are compared case-sensitively:
 *   IAM keeps names unique regardless of case but compares them in policies as written.
 * - When only the cluster's account is configured, a user or role of that account is `maybe`:
 *   the cluster's identity could be that one or another.
 * - NotPrincipal with Allow takes in everyone not listed (AWS no longer supports it; this is
 *   what it used to do). NotPrincipal with Deny exempts an identity only when its account is
 *   listed too: AWS checks the account first and may otherwise deny the whole account.
 */
export function statementPrincipalMatch(
  statement: PolicyStatement,
  principal: ClusterPrincipal,
  partition: Partition,
): PrincipalMatch {
  const puller = pullerOf(principal);
  if (statement.Principal !== undefined) {
    return anyEntryMatches(principalEntries(statement.Principal), puller, partition, 'names');
  }
  if (statement.NotPrincipal === undefined) {
    return NO;
  }

  const exempted = principalEntries(statement.NotPrincipal);
  if (statement.Effect === 'Deny') {
    return denyWithNotPrincipal(exempted, puller, partition);
  }
  const listed = anyEntryMatches(exempted, puller, partition, 'exempts');
  return listed.matches === 'maybe' ? listed : listed.matches === 'yes' ? NO : YES;
}

/** The cluster principal; `arn` is null when only its account is known. */
interface Puller {
  readonly accountId: string;
  readonly arn: string | null;
  readonly roleName: string | null;
}

function pullerOf(principal: ClusterPrincipal): Puller {
  // A configured root ARN says no more than the account does.
  if (principal.kind === 'account' || principal.arn.endsWith(':root')) {
    return { accountId: principal.accountId, arn: null, roleName: null };
  }
  const role = /:role\/(?:.*\/)?([^/]+)$/.exec(principal.arn);
  return { accountId: principal.accountId, arn: principal.arn, roleName: role ? role[1] : null };
}

function anyEntryMatches(
  entries: readonly PrincipalEntry[],
  puller: Puller,
  partition: Partition,
  verb: string,
): PrincipalMatch {
  const matches = entries.map((entry) => entryMatch(entry, puller, partition, verb));
  return (
    matches.find((match) => match.matches === 'yes') ??
    matches.find((match) => match.matches === 'maybe') ??
    NO
  );
}

function entryMatch(
  entry: PrincipalEntry,
  puller: Puller,
  partition: Partition,
  verb: string,
): PrincipalMatch {
  switch (entry.kind) {
    case 'everyone':
      return YES;
    case 'account':
      return entry.accountId === puller.accountId && (entry.partition ?? partition) === partition
        ? YES
        : NO;
    case 'identity':
      return identityMatch(entry, puller, partition, verb);
    case 'unique-id':
    case 'malformed':
      return NO;
  }
}

function identityMatch(
  entry: Extract<PrincipalEntry, { kind: 'identity' }>,
  puller: Puller,
  partition: Partition,
  verb: string,
): PrincipalMatch {
  if (entry.accountId !== puller.accountId || entry.partition !== partition) {
    return NO;
  }
  if (puller.arn === null) {
    return {
      matches: 'maybe',
      doubt:
        `${verb} ${entry.text}, but the cluster principal is known only by its account ` +
        `${puller.accountId}`,
    };
  }
  if (entry.text === puller.arn) {
    return YES;
  }
  if (entry.sessionRoleName !== null && entry.sessionRoleName === puller.roleName) {
    return {
      matches: 'maybe',
      doubt:
        `${verb} one session of the cluster's role (${entry.text}), and the cluster's ` +
        `session name is not known`,
    };
  }
  return NO;
}

function denyWithNotPrincipal(
  exempted: readonly PrincipalEntry[],
  puller: Puller,
  partition: Partition,
): PrincipalMatch {
  if (exempted.some((entry) => entry.kind === 'everyone')) {
    return NO;
  }
  const identities = exempted.filter((entry) => entry.kind === 'identity');
  const identity = anyEntryMatches(identities, puller, partition, 'exempts');
  if (identity.matches === 'maybe') {
    return identity;
  }
  if (identity.matches === 'no') {
    // Listing only the account exempts the account's root user, not its users and roles.
    return YES;
  }

  const accounts = exempted.filter((entry) => entry.kind === 'account');
  return anyEntryMatches(accounts, puller, partition, 'exempts').matches === 'yes'
    ? NO
    : {
        matches: 'maybe',
        doubt:
          `exempts ${puller.arn} in NotPrincipal without its account ` +
          `${puller.accountId}, so AWS may still deny it`,
      };
}

function malformed(text: string, problem: string): PrincipalEntry {
  return { kind: 'malformed', text, problem };
}

function listOf(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [value];
}
