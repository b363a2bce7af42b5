import { EcrImage } from '../core/imageUri';
import { Partition } from '../core/partition';

/** The repository an AWS action targets, and how to reach its registry. */
export interface RepositoryRef {
  readonly registryId: string;
  readonly region: string;
  readonly partition: Partition;
  readonly repository: string;
  /** The image names a FIPS registry host, so the API calls use FIPS endpoints too. */
  readonly fips: boolean;
  readonly dualStack: boolean;
}

export function repositoryRefOf(image: EcrImage): RepositoryRef {
  return {
    registryId: image.registryId,
    region: image.region,
    partition: image.partition,
    repository: image.repository,
    fips: image.fips,
    dualStack: image.dualStack,
  };
}

/** `222222222222/us-east-1/payments/api`: the variable part of log lines. */
export function describeRepository(ref: RepositoryRef): string {
  return `${ref.registryId}/${ref.region}/${ref.repository}`;
}
