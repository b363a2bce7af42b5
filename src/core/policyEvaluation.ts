import { ClusterPrincipal } from './clusterSettings';
import { Partition } from './partition';
import { statementCoversAction } from './policyAction';
import { PolicyDocument, PolicyStatement } from './policyDocument';
import { statementPrincipalMatch } from './policyPrincipal';

/** What a pull cannot do without; `ecr:BatchCheckLayerAvailability` is optional. */
export const REQUIRED_PULL_ACTIONS: readonly string[] = [
  'ecr:BatchGetImage',
  'ecr:GetDownloadUrlForLayer',
];

/**
 * - granted: every required action is allowed and nothing denies it;
 * - denied: an unconditional Deny takes in the cluster principal and a required action;
 * - not-granted: some required action is allowed by no statement, not even conditionally;
 * - unknown: the answer hangs on something not knowable offline (a Condition, or which
 *   identity of the configured account the cluster uses).
 */
export type PullAccess = 'granted' | 'denied' | 'not-granted' | 'unknown';

export interface DecidingStatement {
  readonly sid: string | null;
  /** Zero-based position in the document's Statement list. */
  readonly index: number;
  readonly effect: 'Allow' | 'Deny';
}

export interface PullAccessVerdict {
  readonly access: PullAccess;
  /** In document order; empty when nothing grants (not-granted). */
  readonly deciding: readonly DecidingStatement[];
  /** One short sentence, starting in lower case, naming statements and actions. */
  readonly reason: string;
}

/** Whether one statement takes in the cluster principal for one action. */
type StatementApplies =
  { readonly applies: 'yes' | 'no' } | { readonly applies: 'maybe'; readonly doubt: string };

interface Doubt {
  readonly index: number;
  readonly doubt: string;
}

type ActionOutcome =
  | { readonly state: 'denied'; readonly action: string; readonly by: number[] }
  | { readonly state: 'allowed'; readonly action: string; readonly by: number[] }
  | { readonly state: 'not-allowed'; readonly action: string }
  | { readonly state: 'unknown'; readonly action: string; readonly doubts: Doubt[] };

function outcomesIn<State extends ActionOutcome['state']>(
  outcomes: readonly ActionOutcome[],
  state: State,
): Extract<ActionOutcome, { state: State }>[] {
  return outcomes.filter(
    (outcome): outcome is Extract<ActionOutcome, { state: State }> => outcome.state === state,
  );
}

/**
 * Decides whether the repository policy lets the cluster principal pull, as IAM evaluates a
 * resource policy: an explicit Deny beats any Allow, and both required actions need an Allow.
 * Only this policy is read, so a same-account pull allowed by identity policies alone is not
 * seen, and `granted` still assumes the puller's own IAM policy allows the pull.
 *
 * A statement with a non-empty Condition may or may not apply. A conditional Deny decides
 * (`unknown`) only when the pull would otherwise be allowed, even conditionally; an
 * unconditional Deny wins over everything.
 *
 * @param document the repository policy, or null when the repository has none
 * @param partition the repository's partition; principals of other partitions never match
 */
export function evaluatePullAccess(
  document: PolicyDocument | null,
  principal: ClusterPrincipal,
  partition: Partition,
): PullAccessVerdict {
  const statements = document?.Statement ?? [];
  const outcomes = REQUIRED_PULL_ACTIONS.map((action) =>
    evaluateAction(statements, principal, partition, action),
  );

  const denied = outcomesIn(outcomes, 'denied');
  if (denied.length > 0) {
    return verdict(
      'denied',
      statements,
      denied.flatMap((outcome) => outcome.by),
      describeDenial(statements, denied),
    );
  }

  const notAllowed = outcomesIn(outcomes, 'not-allowed');
  if (notAllowed.length > 0) {
    const actions = notAllowed.map((outcome) => outcome.action).join(' or ');
    const grantee = describePrincipal(principal);
    const reason =
      document === null
        ? `the repository has no policy, so nothing grants ${actions} to ${grantee}`
        : `no statement grants ${actions} to ${grantee}`;
    return verdict('not-granted', statements, [], reason);
  }

  const unknown = outcomesIn(outcomes, 'unknown');
  if (unknown.length > 0) {
    const doubts = unknown.flatMap((outcome) => outcome.doubts);
    const [first] = doubts;
    const reason = `${statementLabel(statements[first.index], first.index)} ${first.doubt}`;
    return verdict(
      'unknown',
      statements,
      doubts.map((doubt) => doubt.index),
      reason,
    );
  }

  const allowing = outcomesIn(outcomes, 'allowed').flatMap((outcome) => outcome.by);
  const labels = describeStatements(statements, unique(allowing));
  return verdict('granted', statements, allowing, `pull allowed by ${labels}`);
}

function evaluateAction(
  statements: readonly PolicyStatement[],
  principal: ClusterPrincipal,
  partition: Partition,
  action: string,
): ActionOutcome {
  const matches = statements.map((statement, index) => ({
    index,
    effect: statement.Effect,
    applies: statementApplies(statement, principal, partition, action),
  }));
  const certain = (effect: string) =>
    matches
      .filter((candidate) => candidate.effect === effect && candidate.applies.applies === 'yes')
      .map((candidate) => candidate.index);
  const doubtful = (effect: string): Doubt[] =>
    matches.flatMap(({ index, effect: candidateEffect, applies }) =>
      candidateEffect === effect && applies.applies === 'maybe'
        ? [{ index, doubt: applies.doubt }]
        : [],
    );

  const denies = certain('Deny');
  if (denies.length > 0) {
    return { state: 'denied', action, by: denies };
  }

  const allows = certain('Allow');
  const possibleAllows = doubtful('Allow');
  if (allows.length === 0 && possibleAllows.length === 0) {
    return { state: 'not-allowed', action };
  }

  // A conditional Deny matters only because something would otherwise allow the pull.
  const possibleDenies = doubtful('Deny');
  if (possibleDenies.length > 0) {
    const doubts = allows.length > 0 ? possibleDenies : [...possibleDenies, ...possibleAllows];
    return { state: 'unknown', action, doubts };
  }
  return allows.length > 0
    ? { state: 'allowed', action, by: allows }
    : { state: 'unknown', action, doubts: possibleAllows };
}

function statementApplies(
  statement: PolicyStatement,
  principal: ClusterPrincipal,
  partition: Partition,
  action: string,
): StatementApplies {
  if (!statementCoversAction(statement, action)) {
    return { applies: 'no' };
  }

  const principalMatch = statementPrincipalMatch(statement, principal, partition);
  if (principalMatch.matches === 'maybe') {
    return { applies: 'maybe', doubt: principalMatch.doubt };
  }
  if (principalMatch.matches === 'no') {
    return { applies: 'no' };
  }

  return hasCondition(statement)
    ? { applies: 'maybe', doubt: 'has a Condition that cannot be checked offline' }
    : { applies: 'yes' };
}

/** An empty Condition object restricts nothing; anything else cannot be checked offline. */
function hasCondition(statement: PolicyStatement): boolean {
  const condition = statement.Condition;
  if (condition === undefined) {
    return false;
  }
  const isEmptyObject =
    typeof condition === 'object' &&
    condition !== null &&
    !Array.isArray(condition) &&
    Object.keys(condition).length === 0;
  return !isEmptyObject;
}

/** `statement 'NoImages' denies ecr:BatchGetImage; statement 3 denies ecr:GetDownloadUrl…`. */
function describeDenial(
  statements: readonly PolicyStatement[],
  denied: readonly Extract<ActionOutcome, { state: 'denied' }>[],
): string {
  // Statements that deny the same actions share one clause.
  const actionsByStatement = new Map<number, string[]>();
  for (const outcome of denied) {
    for (const index of outcome.by) {
      actionsByStatement.set(index, [...(actionsByStatement.get(index) ?? []), outcome.action]);
    }
  }
  const statementsByActions = new Map<string, number[]>();
  for (const [index, actions] of [...actionsByStatement].sort(([a], [b]) => a - b)) {
    const key = actions.join(' and ');
    statementsByActions.set(key, [...(statementsByActions.get(key) ?? []), index]);
  }
  return [...statementsByActions]
    .map(([actions, indexes]) => {
      const verb = indexes.length === 1 ? 'denies' : 'deny';
      return `${describeStatements(statements, indexes)} ${verb} ${actions}`;
    })
    .join('; ');
}

function describePrincipal(principal: ClusterPrincipal): string {
  return principal.kind === 'account' ? `account ${principal.accountId}` : principal.arn;
}

/** `statement 'AllowReleasePull'`, `statements 'A' and 2`. */
function describeStatements(statements: readonly PolicyStatement[], indexes: number[]): string {
  const names = indexes.map((index) => statementName(statements[index], index));
  if (names.length === 1) {
    return `statement ${names[0]}`;
  }
  return `statements ${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}

/**
 * How a message names a statement: `statement 'AllowReleasePull'` by its Sid, or
 * `statement 2` by its one-based position when it has none.
 */
export function statementLabel(statement: PolicyStatement, index: number): string {
  return `statement ${statementName(statement, index)}`;
}

function statementName(statement: PolicyStatement, index: number): string {
  return typeof statement.Sid === 'string' && statement.Sid !== ''
    ? `'${statement.Sid}'`
    : `${index + 1}`;
}

function verdict(
  access: PullAccess,
  statements: readonly PolicyStatement[],
  indexes: number[],
  reason: string,
): PullAccessVerdict {
  const deciding = unique(indexes).map((index) => ({
    sid: typeof statements[index].Sid === 'string' ? statements[index].Sid : null,
    index,
    effect: statements[index].Effect,
  }));
  return { access, deciding, reason };
}

/** Distinct, in document order. */
function unique(indexes: readonly number[]): number[] {
  return [...new Set(indexes)].sort((a, b) => a - b);
}
