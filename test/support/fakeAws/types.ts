/** Shapes shared by the fake's modules and by the tests that drive it. */

/** Which protocol a request was routed to; 'unknown' when it matched neither. */
export type Service = 'ecr' | 'sts' | 'unknown';

/** One request as the fake saw it, so tests can assert exactly what a client sent. */
export interface CallRecord {
  service: Service;
  /** ECR operation from X-Amz-Target, or STS Action; '' when it could not be determined. */
  operation: string;
  /** Access key id from the SigV4 credential scope (never the secret or session token). */
  accessKeyId?: string;
  /** The caller's account, from the credentials the fake was configured with. */
  account?: string;
  /** ECR only: the registry (account) the call addressed; defaults to the caller's account. */
  registryId?: string;
  /** Region from the SigV4 credential scope. */
  region?: string;
  /** Parsed request: the JSON body for ECR, the form fields minus Action/Version for STS. */
  input: Record<string, unknown>;
  /** HTTP status sent; 0 while pending or when the connection was reset instead. */
  status: number;
  /** Error code sent (`__type` for ECR, `Code` for STS), when the call failed. */
  errorType?: string;
  /** The scripted fault applied to this call, if any. */
  fault?: Fault['kind'];
  /** True when the client had gone away (e.g. timed out) before the response was written. */
  clientGone?: boolean;
}

/** Credentials the fake accepts, and the identity they map to. */
export interface CredentialsConfig {
  accessKeyId: string;
  account: string;
  /** Identity ARN returned by GetCallerIdentity; defaults to a user ARN in `account`. */
  arn?: string;
  /** UserId returned by GetCallerIdentity; defaults to a value derived from the key id. */
  userId?: string;
  /** Secret used to check the SigV4 signature; defaults to a fixed fake derived from the id. */
  secretAccessKey?: string;
  /** When set, requests must carry it as X-Amz-Security-Token. */
  sessionToken?: string;
}

/** What `addCredentials` hands back: exactly what an SDK client's `credentials` needs. */
export interface StaticCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

/**
 * Error faults. Each kind has per-service defaults for code, status and message (see
 * faults.ts); any of them can be overridden, e.g. `{ kind: 'expiredToken', code: 'ExpiredToken' }`
 * to mimic what real STS sends for an expired session.
 */
export type ErrorFaultKind =
  'throttle' | 'serverError' | 'accessDenied' | 'expiredToken' | 'repositoryNotFound';

export interface ErrorOverrides {
  code?: string;
  status?: number;
  message?: string;
}

export type Fault =
  | ({ kind: ErrorFaultKind } & ErrorOverrides)
  /** Any error code the caller names. */
  | { kind: 'error'; code: string; status?: number; message?: string }
  /** Destroy the socket after the request arrives: the client sees a connection reset. */
  | { kind: 'reset' }
  /** Wait `ms` before handling the request normally: exercises client timeouts. */
  | { kind: 'delay'; ms: number };

/** Replication configuration as the ECR API model spells it. */
export interface ReplicationConfiguration {
  rules: {
    destinations: { region: string; registryId: string }[];
    repositoryFilters?: { filter: string; filterType: string }[];
    [extra: string]: unknown;
  }[];
}

/** Arguments of `addRepository`. */
export interface RepositorySeed {
  account: string;
  region: string;
  name: string;
  policyText?: string;
  /** Defaults to a fixed date so responses are deterministic. */
  createdAt?: Date;
}
