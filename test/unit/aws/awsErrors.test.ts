/**
 * describeAwsError: one failure class per AWS error, each with one message that says what
 * happened, where, and what to do. The inputs are shaped like what the SDK v3 throws (name,
 * code, $metadata); the fake-AWS suite checks the same mapping with real SDK errors.
 */
import assert from 'node:assert/strict';
import { AwsActionError, AwsFailureKind, describeAwsError } from '../../../src/aws/awsErrors';
import { RepositoryRef } from '../../../src/aws/repositoryRef';

const REPOSITORY: RepositoryRef = {
  registryId: '222222222222',
  region: 'eu-west-1',
  partition: 'aws',
  repository: 'payments/api',
  fips: false,
  dualStack: false,
};
const WHERE = "repository 'payments/api' in account 222222222222, region eu-west-1";

function sdkError(name: string, extra: Record<string, unknown> = {}): Error {
  return Object.assign(new Error(`${name} happened`), { name, ...extra });
}

function kindOf(error: unknown, profile?: string): AwsFailureKind {
  return describeAwsError(error, 'GetRepositoryPolicy', REPOSITORY, profile).kind;
}

describe('describeAwsError', function () {
  it('passes an AwsActionError through unchanged', function () {
    const original = new AwsActionError('throttled', 'already described', 'SetRepositoryPolicy');

    assert.equal(describeAwsError(original, 'Other', null, undefined), original);
  });

  it('an AbortError is a cancellation', function () {
    const described = describeAwsError(sdkError('AbortError'), 'GetRepositoryPolicy', null, 'p');

    assert.equal(described.kind, 'cancelled');
    assert.equal(described.message, 'GetRepositoryPolicy was cancelled.');
    assert.equal(described.operation, 'GetRepositoryPolicy');
  });

  it('RepositoryNotFoundException names the repository, account and region', function () {
    const described = describeAwsError(
      sdkError('RepositoryNotFoundException'),
      'GetRepositoryPolicy',
      REPOSITORY,
      undefined,
    );

    assert.equal(described.kind, 'repository-not-found');
    assert.equal(
      described.message,
      `There is no ${WHERE}. Check the image reference, or create the repository first.`,
    );
  });

  it('access denied, from ECR or STS, lists the permissions needed and the profile', function () {
    for (const name of ['AccessDeniedException', 'AccessDenied']) {
      const described = describeAwsError(sdkError(name), 'SetRepositoryPolicy', REPOSITORY, 'ops');

      assert.equal(described.kind, 'access-denied', name);
      assert.match(
        described.message,
        new RegExp(`^Access denied to SetRepositoryPolicy on ${WHERE}`),
      );
      assert.match(described.message, /for your credentials \(profile 'ops'\)/);
      assert.match(described.message, /ecr:GetRepositoryPolicy, ecr:SetRepositoryPolicy/);
      assert.match(described.message, /sts:GetCallerIdentity/);
    }
  });

  it('every credentials failure gets the sign-in message', function () {
    const names = [
      'ExpiredTokenException',
      'ExpiredToken',
      'UnrecognizedClientException',
      'InvalidClientTokenId',
      'InvalidSignatureException',
      'SignatureDoesNotMatch',
      'CredentialsProviderError',
      'TokenProviderError',
    ];
    for (const name of names) {
      assert.equal(kindOf(sdkError(name)), 'credentials', name);
    }
    const fromMessage = new Error('The SSO session associated with this profile has expired');
    assert.equal(kindOf(fromMessage), 'credentials');
  });

  it('the sign-in message names the profile and its SSO login command', function () {
    const withProfile = describeAwsError(sdkError('ExpiredToken'), 'X', null, 'payments-admin');
    const without = describeAwsError(sdkError('ExpiredToken'), 'X', null, undefined);

    assert.equal(
      withProfile.message,
      "AWS credentials (profile 'payments-admin') are missing, invalid or expired. Sign in " +
        'again (for SSO: aws sso login --profile payments-admin) or choose another profile.',
    );
    assert.equal(
      without.message,
      'AWS credentials are missing, invalid or expired. Sign in again (for SSO: aws sso login) ' +
        'or choose another profile.',
    );
  });

  it('throttling under each of its names', function () {
    for (const name of [
      'ThrottlingException',
      'Throttling',
      'TooManyRequestsException',
      'RequestLimitExceeded',
    ]) {
      assert.equal(kindOf(sdkError(name)), 'throttled', name);
    }
  });

  it('InvalidParameterException carries ECR’s reason and the likely causes', function () {
    const described = describeAwsError(
      Object.assign(new Error('Invalid parameter at PolicyText'), {
        name: 'InvalidParameterException',
      }),
      'SetRepositoryPolicy',
      REPOSITORY,
      undefined,
    );

    assert.equal(described.kind, 'invalid-policy');
    assert.match(described.message, /^ECR rejected the policy for repository 'payments\/api'/);
    assert.match(described.message, /: Invalid parameter at PolicyText\./);
    assert.match(described.message, /principal that does not exist/);
  });

  it('network failures and timeouts name their code', function () {
    const cases: [Error, string][] = [
      [Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }), 'ECONNRESET'],
      [Object.assign(new Error('refused'), { code: 'ECONNREFUSED' }), 'ECONNREFUSED'],
      [sdkError('TimeoutError', { code: 'ETIMEDOUT' }), 'ETIMEDOUT'],
      [sdkError('TimeoutError'), 'TimeoutError'],
      [Object.assign(new Error('getaddrinfo'), { code: 'ENOTFOUND' }), 'ENOTFOUND'],
    ];
    for (const [error, code] of cases) {
      const described = describeAwsError(error, 'GetCallerIdentity', null, undefined);

      assert.equal(described.kind, 'network', code);
      assert.equal(
        described.message,
        `Could not reach AWS for GetCallerIdentity (${code}). Check the network, proxy or ` +
          'endpoint setting and try again.',
      );
    }
  });

  it('5xx answers and the services’ internal error names are service errors', function () {
    assert.equal(
      kindOf(sdkError('ServerException', { $metadata: { httpStatusCode: 500 } })),
      'service',
    );
    assert.equal(kindOf(sdkError('InternalFailure')), 'service');
    assert.equal(
      kindOf(sdkError('ServiceUnavailableException', { $metadata: { httpStatusCode: 503 } })),
      'service',
    );
  });

  it('anything else is unknown, with its name and message and where it happened', function () {
    const described = describeAwsError(
      Object.assign(new Error('Value at registryId failed'), {
        name: 'ValidationException',
        $metadata: { httpStatusCode: 400 },
      }),
      'GetRepositoryPolicy',
      REPOSITORY,
      undefined,
    );

    assert.equal(described.kind, 'unknown');
    assert.equal(
      described.message,
      `GetRepositoryPolicy failed on ${WHERE}: ValidationException: Value at registryId failed`,
    );
    assert.equal(
      describeAwsError(null, 'GetCallerIdentity', null, undefined).message,
      'GetCallerIdentity failed on AWS: error',
    );
  });
});
