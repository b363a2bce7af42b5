import { EcrImage } from '../core/imageUri';
import { Partition } from '../core/partition';
import { PolicyDocument } from '../core/policyDocument';

/**
 * What the policy commands need, passed as a plain object so it survives being a command
 * argument of a code action.
 */
export interface PolicyTarget {
  readonly repository: string;
  readonly registryId: string;
  readonly region: string;
  readonly partition: Partition;
  readonly fips: boolean;
  readonly dualStack: boolean;
  readonly policy: PolicyDocument;
}

export function policyTargetOf(image: EcrImage, policy: PolicyDocument): PolicyTarget {
  return {
    repository: image.repository,
    registryId: image.registryId,
    region: image.region,
    partition: image.partition,
    fips: image.fips,
    dualStack: image.dualStack,
    policy,
  };
}

export function isPolicyTarget(value: unknown): value is PolicyTarget {
  const candidate = value as Partial<PolicyTarget> | undefined;
  return (
    typeof candidate?.repository === 'string' &&
    typeof candidate.registryId === 'string' &&
    typeof candidate.region === 'string' &&
    typeof candidate.policy === 'object' &&
    candidate.policy !== null
  );
}
