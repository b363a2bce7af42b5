import { RepositoryRef } from './repositoryRef';

export type AwsFailureKind =
  | 'repository-not-found'
  | 'access-denied'
  | 'credentials'
  | 'throttled'
  | 'network'
  | 'service'
  | 'invalid-policy'
  | 'cancelled'
  | 'unknown';

/** An AWS call that failed, said in the user's terms with what to do next. */
export class AwsActionError extends Error {
  override readonly name = 'AwsActionError';

  constructor(
    readonly kind: AwsFailureKind,
    message: string,
    readonly operation: string,
  ) {
    super(message);
  }
}

const NETWORK_CODES = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
]);

const CREDENTIAL_ERRORS = new Set([
  'ExpiredTokenException',
  'ExpiredToken',
  'UnrecognizedClientException',
  'InvalidClientTokenId',
  'InvalidSignatureException',
  'SignatureDoesNotMatch',
  'CredentialsProviderError',
  'TokenProviderError',
  'InvalidGrantException',
  'UnauthorizedException',
]);

interface SdkErrorShape {
  name?: string;
  code?: string;
  message?: string;
  $metadata?: { httpStatusCode?: number };
}

/** Maps an SDK or network error to one message per failure class, with a next step. */
export function describeAwsError(
  error: unknown,
  operation: string,
  repository: RepositoryRef | null,
  profile: string | undefined,
): AwsActionError {
  if (error instanceof AwsActionError) {
    return error;
  }
  const shape = (error ?? {}) as SdkErrorShape;
  const name = shape.name ?? '';
  const code = shape.code ?? '';
  const where = repository
    ? `repository '${repository.repository}' in account ${repository.registryId}, region ${repository.region}`
    : 'AWS';
  const profileHint = profile ? ` (profile '${profile}')` : '';

  if (name === 'AbortError') {
    return new AwsActionError('cancelled', `${operation} was cancelled.`, operation);
  }
  if (name === 'RepositoryNotFoundException') {
    return new AwsActionError(
      'repository-not-found',
      `There is no ${where}. Check the image reference, or create the repository first.`,
      operation,
    );
  }
  if (name === 'AccessDeniedException' || name === 'AccessDenied') {
    return new AwsActionError(
      'access-denied',
      `Access denied to ${operation} on ${where} for your credentials${profileHint}. They need ` +
        'ecr:GetRepositoryPolicy, ecr:SetRepositoryPolicy and sts:GetCallerIdentity ' +
        '(ecr:DeleteRepositoryPolicy to undo a first policy).',
      operation,
    );
  }
  if (
    CREDENTIAL_ERRORS.has(name) ||
    /credential|token.*expired|sso session/i.test(shape.message ?? '')
  ) {
    return new AwsActionError(
      'credentials',
      `AWS credentials${profileHint} are missing, invalid or expired. Sign in again ` +
        `(for SSO: aws sso login${profile ? ` --profile ${profile}` : ''}) or choose another profile.`,
      operation,
    );
  }
  if (/Throttl|TooManyRequests|RequestLimitExceeded/.test(name)) {
    return new AwsActionError(
      'throttled',
      `AWS is throttling ${operation} requests; nothing was written. Try again in a minute.`,
      operation,
    );
  }
  if (name === 'InvalidParameterException') {
    return new AwsActionError(
      'invalid-policy',
      `ECR rejected the policy for ${where}: ${shape.message ?? 'invalid parameter'}. A principal ` +
        'that does not exist, or an account whose region is disabled, causes this.',
      operation,
    );
  }
  if (NETWORK_CODES.has(code) || NETWORK_CODES.has(name) || name === 'TimeoutError') {
    return new AwsActionError(
      'network',
      `Could not reach AWS for ${operation} (${code || name}). Check the network, proxy or ` +
        'endpoint setting and try again.',
      operation,
    );
  }
  if (
    (shape.$metadata?.httpStatusCode ?? 0) >= 500 ||
    /ServerException|InternalFailure/.test(name)
  ) {
    return new AwsActionError(
      'service',
      `AWS had an internal error during ${operation}; nothing more was done. Try again later.`,
      operation,
    );
  }
  return new AwsActionError(
    'unknown',
    `${operation} failed on ${where}: ${name || 'error'}${shape.message ? `: ${shape.message}` : ''}`,
    operation,
  );
}
