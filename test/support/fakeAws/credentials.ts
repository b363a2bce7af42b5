/**
 * The fake's identity store: which access keys exist, the account and ARN each maps to, and
 * whether it has expired. Authentication answers with the same error codes the real services
 * use, which differ between ECR (JSON, status 400) and STS (query, mostly 403).
 */
import { AwsError } from './awsError';
import { signatureMatches, type SigV4Authorization, type SignedRequest } from './sigv4';
import type { CredentialsConfig, StaticCredentials } from './types';

/** The authenticated caller of one request. */
export interface Caller {
  accessKeyId: string;
  account: string;
  arn: string;
  userId: string;
  /** Region from the request's credential scope. */
  region: string;
}

interface StoredCredentials extends Required<Omit<CredentialsConfig, 'sessionToken'>> {
  sessionToken?: string;
  expired: boolean;
}

type AuthService = 'ecr' | 'sts';

const INVALID_TOKEN = 'The security token included in the request is invalid.';

/** Error codes for each way authentication fails, per service. */
const AUTH_ERRORS: Record<AuthService, Record<string, [code: string, status: number]>> = {
  ecr: {
    missing: ['MissingAuthenticationTokenException', 400],
    unknownKey: ['UnrecognizedClientException', 400],
    badSignature: ['InvalidSignatureException', 400],
  },
  sts: {
    missing: ['MissingAuthenticationToken', 403],
    unknownKey: ['InvalidClientTokenId', 403],
    badSignature: ['SignatureDoesNotMatch', 403],
  },
};

export class CredentialStore {
  private readonly byKeyId = new Map<string, StoredCredentials>();

  add(config: CredentialsConfig): StaticCredentials {
    if (!/^[0-9]{12}$/.test(config.account)) {
      throw new Error(`fakeAws: account must be 12 digits, got '${config.account}'`);
    }
    if (!/^[A-Za-z0-9]+$/.test(config.accessKeyId)) {
      throw new Error(`fakeAws: access key id must be alphanumeric`);
    }
    const stored: StoredCredentials = {
      accessKeyId: config.accessKeyId,
      account: config.account,
      arn: config.arn ?? `arn:aws:iam::${config.account}:user/fake-${config.accessKeyId}`,
      userId: config.userId ?? `AIDA${config.accessKeyId.slice(-16).toUpperCase()}`,
      secretAccessKey: config.secretAccessKey ?? `fake-secret-for-${config.accessKeyId}`,
      sessionToken: config.sessionToken,
      expired: false,
    };
    this.byKeyId.set(stored.accessKeyId, stored);
    const credentials: StaticCredentials = {
      accessKeyId: stored.accessKeyId,
      secretAccessKey: stored.secretAccessKey,
    };
    if (stored.sessionToken !== undefined) {
      credentials.sessionToken = stored.sessionToken;
    }
    return credentials;
  }

  /** From now on every request signed with this key fails with ExpiredTokenException. */
  expire(accessKeyId: string): void {
    const stored = this.byKeyId.get(accessKeyId);
    if (!stored) {
      throw new Error(`fakeAws: unknown access key id ${accessKeyId}`);
    }
    stored.expired = true;
  }

  /**
   * Checks a request the way AWS does: signed at all, scoped to the service it reached, a key
   * the fake knows, a valid signature and session token, not expired.
   */
  authenticate(
    service: AuthService,
    request: SignedRequest,
    auth: SigV4Authorization | undefined,
  ): Caller {
    const fail = (reason: string, message: string): AwsError => {
      const [code, status] = AUTH_ERRORS[service][reason];
      return new AwsError(code, message, status);
    };
    if (!auth) {
      throw fail('missing', 'Missing Authentication Token');
    }
    if (auth.service !== service) {
      throw fail('badSignature', `Credential should be scoped to correct service: '${service}'.`);
    }
    const stored = this.byKeyId.get(auth.accessKeyId);
    if (!stored || request.headers['x-amz-security-token'] !== stored.sessionToken) {
      throw fail('unknownKey', INVALID_TOKEN);
    }
    if (!signatureMatches(request, auth, stored.secretAccessKey)) {
      throw fail(
        'badSignature',
        'The request signature we calculated does not match the signature you provided.',
      );
    }
    if (stored.expired) {
      throw new AwsError(
        'ExpiredTokenException',
        'The security token included in the request is expired',
      );
    }
    return {
      accessKeyId: stored.accessKeyId,
      account: stored.account,
      arn: stored.arn,
      userId: stored.userId,
      region: auth.region,
    };
  }
}
