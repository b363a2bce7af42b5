import { ClusterPrincipal } from './clusterSettings';
import { FindingSeverity } from './finding';
import { Partition } from './partition';
import { actionPatternMatches, actionPatterns, statementCoversAction } from './policyAction';
import {
  POLICY_TEXT_LIMIT,
  PolicyDocument,
  PolicyDocumentError,
  PolicyStatement,
  parsePolicyDocument,
} from './policyDocument';
import { REQUIRED_PULL_ACTIONS, statementLabel } from './policyEvaluation';
import { classifyPrincipal, principalValues, statementPrincipalMatch } from './policyPrincipal';

export type PolicyLintCode =
  | 'invalid-policy'
  | 'policy-over-limit'
  | 'policy-near-limit'
  | 'resource-element'
  | 'not-principal-allow'
  | 'principal-shape'
  | 'malformed-principal'
  | 'deleted-principal-id'
  | 'write-actions';

export interface PolicyLintProblem {
  readonly code: PolicyLintCode;
  readonly severity: FindingSeverity;
  readonly message: string;
  readonly sid: string | null;
  /** Zero-based statement position; null for problems of the whole policy. */
  readonly index: number | null;
}

/** Above this share of ECR's limit, a policy is reported as nearly full. */
const NEAR_LIMIT_SHARE = 0.9;

/**
 * Repository-level ECR actions that change the repository, its images or its settings.
 * `ecr:BatchImportUpstreamImage` is left out: pulling through a cache rule needs it.
 */
export const ECR_WRITE_ACTIONS: readonly string[] = [
  'ecr:BatchDeleteImage',
  'ecr:CompleteLayerUpload',
  'ecr:CreateRepository',
  'ecr:DeleteLifecyclePolicy',
  'ecr:DeleteRepository',
  'ecr:DeleteRepositoryPolicy',
  'ecr:InitiateLayerUpload',
  'ecr:PutImage',
  'ecr:PutImageScanningConfiguration',
  'ecr:PutImageTagMutability',
  'ecr:PutLifecyclePolicy',
  'ecr:ReplicateImage',
  'ecr:SetRepositoryPolicy',
  'ecr:StartImageScan',
  'ecr:StartLifecyclePolicyPreview',
  'ecr:TagResource',
  'ecr:UntagResource',
  'ecr:UploadLayerPart',
];

/**
 * Problems in an existing repository policy, whole-policy ones first, then statement by
 * statement. Text that is not a policy document gives one `invalid-policy` error.
 *
 * The write-action check needs the cluster principal and is skipped without one. It reports
 * statements that certainly take in the principal, whatever their Condition: a conditional
 * grant of write access is still more than a pull needs.
 *
 * @param partition the repository's partition; by default the principal ARN's, else `aws`
 */
export function lintRepositoryPolicy(
  policyText: string,
  principal: ClusterPrincipal | null,
  partition: Partition = defaultPartition(principal),
): PolicyLintProblem[] {
  const problems = lintLength(policyText);

  let document: PolicyDocument;
  try {
    document = parsePolicyDocument(policyText);
  } catch (error) {
    const message = error instanceof PolicyDocumentError ? error.message : String(error);
    return [...problems, wholePolicy('invalid-policy', 'error', message)];
  }

  document.Statement.forEach((statement, index) => {
    const about = (code: PolicyLintCode, severity: FindingSeverity, message: string) =>
      problems.push({ code, severity, message, sid: sidOf(statement), index });
    const named = statementLabel(statement, index);
    const label = capitalised(named);

    for (const element of ['Resource', 'NotResource'] as const) {
      if (statement[element] !== undefined) {
        about(
          'resource-element',
          'error',
          `${label} has a ${element} element, which ECR rejects in a repository policy: ` +
            `the repository is the resource. Remove it.`,
        );
      }
    }
    if (statement.Effect === 'Allow' && statement.NotPrincipal !== undefined) {
      about(
        'not-principal-allow',
        'warning',
        `${label} combines Allow with NotPrincipal, which AWS does not support: it would ` +
          `allow everyone not listed, anonymous callers included. Name who may pull in ` +
          `Principal instead.`,
      );
    }
    lintPrincipals(statement, named).forEach(([code, severity, message]) =>
      about(code, severity, message),
    );
    const writes = principal === null ? null : describeWrites(statement, principal, partition);
    if (writes !== null) {
      about(
        'write-actions',
        'warning',
        `${label} allows the cluster principal ${writes}; a pull needs only ` +
          `${REQUIRED_PULL_ACTIONS.join(' and ')}.`,
      );
    }
  });
  return problems;
}

function lintLength(policyText: string): PolicyLintProblem[] {
  const length = policyText.length;
  if (length > POLICY_TEXT_LIMIT) {
    const message =
      `The policy has ${length} characters; ECR accepts at most ${POLICY_TEXT_LIMIT}. ` +
      `Remove unused statements.`;
    return [wholePolicy('policy-over-limit', 'error', message)];
  }
  if (length > POLICY_TEXT_LIMIT * NEAR_LIMIT_SHARE) {
    const percent = Math.floor((length / POLICY_TEXT_LIMIT) * 100);
    const message =
      `The policy has ${length} characters, ${percent}% of ECR's limit of ` +
      `${POLICY_TEXT_LIMIT}: there is little room for more statements.`;
    return [wholePolicy('policy-near-limit', 'warning', message)];
  }
  return [];
}

type StatementProblem = [PolicyLintCode, FindingSeverity, string];

/** Problems of Principal and NotPrincipal; `named` is the statement's lower-case label. */
function lintPrincipals(statement: PolicyStatement, named: string): StatementProblem[] {
  const problems: StatementProblem[] = [];

  for (const element of ['Principal', 'NotPrincipal'] as const) {
    const value = statement[element];
    if (value === undefined) {
      continue;
    }
    if ((typeof value === 'string' && value !== '*') || Array.isArray(value)) {
      problems.push([
        'principal-shape',
        'error',
        `${capitalised(named)} has ${element} ${JSON.stringify(value)}; IAM takes "*" or ` +
          `an object such as {"AWS": "arn:aws:iam::111111111111:root"}.`,
      ]);
    }

    for (const raw of principalValues(value)) {
      const entry = classifyPrincipal(raw);
      const shown = JSON.stringify(raw);
      if (entry.kind === 'malformed') {
        problems.push([
          'malformed-principal',
          'error',
          `${element} ${shown} in ${named} ${entry.problem}.`,
        ]);
      }
      if (entry.kind === 'unique-id') {
        problems.push([
          'deleted-principal-id',
          'warning',
          `${element} ${shown} in ${named} is the unique ID of a deleted IAM ${entry.deleted}: ` +
            `IAM shows it in place of the ARN once the ${entry.deleted} is gone, and it matches ` +
            `nobody now. Remove it, or name the recreated ${entry.deleted}'s ARN.`,
        ]);
      }
    }
  }
  return problems;
}

/** What write access an Allow statement gives the cluster principal, in words; null for none. */
function describeWrites(
  statement: PolicyStatement,
  principal: ClusterPrincipal,
  partition: Partition,
): string | null {
  if (statement.Effect !== 'Allow') {
    return null;
  }
  const writes = ECR_WRITE_ACTIONS.filter((action) => statementCoversAction(statement, action));
  if (writes.length === 0) {
    return null;
  }
  if (statementPrincipalMatch(statement, principal, partition).matches !== 'yes') {
    return null;
  }

  if (statement.Action !== undefined) {
    const granting = actionPatterns(statement.Action).filter((pattern) =>
      writes.some((action) => actionPatternMatches(pattern, action)),
    );
    return `write actions (${granting.join(', ')})`;
  }
  const shown = writes.slice(0, 3).join(', ');
  const more = writes.length > 3 ? ` and ${writes.length - 3} more` : '';
  return `every action outside its NotAction, write actions included (${shown}${more})`;
}

function defaultPartition(principal: ClusterPrincipal | null): Partition {
  return principal?.kind === 'arn' ? (principal.arn.split(':')[1] as Partition) : 'aws';
}

function wholePolicy(
  code: PolicyLintCode,
  severity: FindingSeverity,
  message: string,
): PolicyLintProblem {
  return { code, severity, message, sid: null, index: null };
}

function sidOf(statement: PolicyStatement): string | null {
  return typeof statement.Sid === 'string' ? statement.Sid : null;
}

function capitalised(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
