import { ClusterPrincipal } from './clusterSettings';
import { Finding } from './finding';
import { EcrImage } from './imageUri';
import { PullAccessVerdict, evaluatePullAccess } from './policyEvaluation';
import { parsePolicyDocument } from './policyDocument';
import { PolicyLintProblem, lintRepositoryPolicy } from './policyLint';

/** What a live check learnt about one repository's policy, or why it could not. */
export type RepositoryAccess =
  | {
      readonly state: 'checked';
      readonly verdict: PullAccessVerdict;
      readonly lint: readonly PolicyLintProblem[];
      readonly checkedAt: string;
    }
  | { readonly state: 'failed'; readonly error: string; readonly checkedAt: string };

/** One key per repository: live checks are cached and grouped by it. */
export function repositoryKey(image: Pick<EcrImage, 'registryId' | 'region' | 'repository'>) {
  return `${image.registryId}/${image.region}/${image.repository}`;
}

/** Evaluates a policy text as read from ECR (null: the repository has no policy). */
export function assessRepositoryPolicy(
  policyText: string | null,
  principal: ClusterPrincipal,
  image: Pick<EcrImage, 'partition'>,
  checkedAt: Date,
): RepositoryAccess {
  const at = checkedAt.toISOString();
  if (policyText === null) {
    return {
      state: 'checked',
      verdict: evaluatePullAccess(null, principal, image.partition),
      lint: [],
      checkedAt: at,
    };
  }
  const lint = lintRepositoryPolicy(policyText, principal, image.partition);
  try {
    const verdict = evaluatePullAccess(parsePolicyDocument(policyText), principal, image.partition);
    return { state: 'checked', verdict, lint, checkedAt: at };
  } catch (error) {
    return {
      state: 'failed',
      error: `the policy cannot be read: ${(error as Error).message}`,
      checkedAt: at,
    };
  }
}

/**
 * Turns offline `cross-account` findings into what the live check knows: granted becomes
 * information, not granted or denied an error, unknown a warning saying why. Other findings,
 * region mismatches included, are kept as they are.
 */
export function withRepositoryAccess(
  findings: readonly Finding[],
  accessOf: (image: EcrImage) => RepositoryAccess | undefined,
): Finding[] {
  return findings.map((finding) => {
    if (finding.code !== 'cross-account' || finding.image === null) {
      return finding;
    }
    const access = accessOf(finding.image);
    if (access === undefined) {
      return finding;
    }
    if (access.state === 'failed') {
      return {
        ...finding,
        access,
        message: `${finding.message} (Live check failed: ${access.error.replace(/\.$/, '')}.)`,
      };
    }
    const { verdict } = access;
    const repository = finding.image.repository;
    switch (verdict.access) {
      case 'granted':
        return {
          ...finding,
          access,
          severity: 'information',
          message: `Repository '${repository}' is in account ${finding.image.registryId}; ${verdict.reason}.`,
        };
      case 'denied':
      case 'not-granted':
        return {
          ...finding,
          access,
          severity: 'error',
          message: `${finding.message} Live check: ${verdict.reason}.`,
        };
      case 'unknown':
        return {
          ...finding,
          access,
          severity: 'warning',
          message: `${finding.message} Live check cannot decide: ${verdict.reason}.`,
        };
    }
  });
}
