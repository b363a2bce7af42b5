import { EcrImage } from './imageUri';
import { PolicyDocument } from './policyDocument';
import type { RepositoryAccess } from './repositoryAccess';
import { SourceRange } from './sourceRange';
import { ImageSite } from './templateModel';

export type FindingCode =
  | 'cross-account'
  | 'region-mismatch'
  | 'invalid-ecr-image'
  | 'invalid-yaml'
  | 'unresolved-image'
  | 'cluster-not-configured';

export type FindingSeverity = 'error' | 'warning' | 'information';

export interface Finding {
  readonly code: FindingCode;
  readonly severity: FindingSeverity;
  readonly message: string;
  readonly range: SourceRange;
  /** The image's place in the template; null for YAML syntax errors. */
  readonly site: ImageSite | null;
  /** The parsed ECR image, when the reference is a valid private ECR one. */
  readonly image: EcrImage | null;
  /** The repository policy that fixes a `cross-account` finding. */
  readonly policy: PolicyDocument | null;
  /** Set on `cross-account` findings once a live check has read the repository's policy. */
  readonly access?: RepositoryAccess;
}

/** Warnings and errors fail a check; information does not. */
export function isBlocking(finding: Finding): boolean {
  return finding.severity === 'error' || finding.severity === 'warning';
}
