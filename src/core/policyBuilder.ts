import { ClusterPrincipal } from './clusterSettings';
import { Partition } from './partition';
import { PolicyDocument, PolicyStatement } from './policyDocument';

/** The Sid ReleaseHub's own guide uses; merge replaces exactly this statement. */
export const PULL_STATEMENT_SID = 'AllowReleasePull';

/** What a pull needs, and nothing that writes. Sorted so output is deterministic. */
export const PULL_ACTIONS: readonly string[] = [
  'ecr:BatchCheckLayerAvailability',
  'ecr:BatchGetImage',
  'ecr:GetDownloadUrlForLayer',
];

/**
 * The principal ARN to grant. An account becomes its root ARN in the image's partition,
 * since a policy in China or GovCloud must name principals of that partition.
 */
export function principalArn(principal: ClusterPrincipal, imagePartition: Partition): string {
  return principal.kind === 'arn'
    ? principal.arn
    : `arn:${imagePartition}:iam::${principal.accountId}:root`;
}

export function buildPullStatement(
  principal: ClusterPrincipal,
  partition: Partition,
): PolicyStatement {
  return {
    Sid: PULL_STATEMENT_SID,
    Effect: 'Allow',
    Principal: { AWS: principalArn(principal, partition) },
    Action: [...PULL_ACTIONS],
  };
}

/** A least-privilege repository policy that lets the cluster principal pull. */
export function buildRepositoryPolicy(
  principal: ClusterPrincipal,
  partition: Partition,
): PolicyDocument {
  return { Version: '2012-10-17', Statement: [buildPullStatement(principal, partition)] };
}
