import { RepositoryRef } from './repositoryRef';

export interface CallerIdentity {
  readonly account: string;
  readonly arn: string;
}

/**
 * The four ECR/STS calls the apply and undo flows make. The SDK-backed implementation is
 * in sdkPolicyGateway.ts; keeping the flows behind this interface keeps them readable.
 */
export interface PolicyGateway {
  callerIdentity(signal?: AbortSignal): Promise<CallerIdentity>;
  /** The repository's policy text, or null when it has none. */
  readPolicy(repository: RepositoryRef, signal?: AbortSignal): Promise<string | null>;
  /** Replaces the whole policy, never with `force`. */
  writePolicy(repository: RepositoryRef, policyText: string): Promise<void>;
  deletePolicy(repository: RepositoryRef): Promise<void>;
}
