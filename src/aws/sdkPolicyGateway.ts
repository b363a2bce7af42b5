import type { AwsCredentialIdentityProvider, Logger } from '@smithy/types';
import { AwsConnection } from './awsConnection';
import { describeAwsError } from './awsErrors';
import { AwsLog } from './awsLog';
import { CallerIdentity, PolicyGateway } from './policyGateway';
import { RepositoryRef, describeRepository } from './repositoryRef';

// The SDK is loaded on the first AWS action only: it is several megabytes, and most
// sessions never touch AWS. webpack turns this dynamic import into a separate chunk.
async function loadSdk() {
  // Node 20 gets a support-schedule warning from the SDK that would pollute CLI output.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  return import(/* webpackChunkName: "aws-sdk" */ './sdkModules');
}

type Sdk = Awaited<ReturnType<typeof loadSdk>>;

const DEFAULT_REQUEST_TIMEOUT_MS = 15_000;
const DEFAULT_MAX_ATTEMPTS = 3;

/** A PolicyGateway for one region, backed by the real ECR and STS clients. */
export async function createSdkPolicyGateway(
  connection: AwsConnection,
  region: string,
  flags: { fips: boolean; dualStack: boolean },
  log: AwsLog,
): Promise<PolicyGateway> {
  const sdk = await loadSdk();
  // Without a logger the providers warn on the console (e.g. a profile and key variables both
  // set), which would land in the middle of CLI output.
  const logger = credentialChainLogger(log);
  // A profile the user chose is used alone (SSO, role, process entries included): falling
  // through to other sources, such as an instance role, would act as someone else.
  const credentials: AwsCredentialIdentityProvider = connection.profile
    ? sdk.fromIni({ profile: connection.profile, logger })
    : sdk.fromNodeProviderChain({ logger });
  const common = {
    region,
    credentials,
    maxAttempts: connection.maxAttempts ?? DEFAULT_MAX_ATTEMPTS,
    requestHandler: {
      requestTimeout: connection.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS,
      connectionTimeout: 5_000,
      throwOnRequestTimeout: true,
    },
    ...(connection.endpoint
      ? { endpoint: connection.endpoint }
      : { useFipsEndpoint: flags.fips, useDualstackEndpoint: flags.dualStack }),
  };
  return new SdkPolicyGateway(
    sdk,
    new sdk.ECRClient(common),
    new sdk.STSClient(common),
    connection.profile,
    log,
  );
}

function credentialChainLogger(log: AwsLog): Logger {
  // One log line per message: the chain's notices come as indented paragraphs.
  const text = (content: unknown[]) =>
    content
      .map(String)
      .join(' ')
      .replace(/\s*\n\s*/g, ' ')
      .trim();
  return {
    debug: (...content: unknown[]) => log.debug(text(content)),
    info: (...content: unknown[]) => log.debug(text(content)),
    warn: (...content: unknown[]) => log.warn(text(content)),
    error: (...content: unknown[]) => log.error(text(content)),
  };
}

class SdkPolicyGateway implements PolicyGateway {
  constructor(
    private readonly sdk: Sdk,
    private readonly ecr: InstanceType<Sdk['ECRClient']>,
    private readonly sts: InstanceType<Sdk['STSClient']>,
    private readonly profile: string | undefined,
    private readonly log: AwsLog,
  ) {}

  async callerIdentity(signal?: AbortSignal): Promise<CallerIdentity> {
    this.log.info(`STS GetCallerIdentity${this.profile ? ` with profile ${this.profile}` : ''}`);
    const answer = await this.call('GetCallerIdentity', null, () =>
      this.sts.send(new this.sdk.GetCallerIdentityCommand({}), { abortSignal: signal }),
    );
    return { account: answer.Account ?? '', arn: answer.Arn ?? '' };
  }

  async readPolicy(repository: RepositoryRef, signal?: AbortSignal): Promise<string | null> {
    this.log.info(`ECR GetRepositoryPolicy: ${describeRepository(repository)}`);
    try {
      const answer = await this.ecr.send(
        new this.sdk.GetRepositoryPolicyCommand(this.target(repository)),
        { abortSignal: signal },
      );
      return answer.policyText ?? null;
    } catch (error) {
      if ((error as { name?: string }).name === 'RepositoryPolicyNotFoundException') {
        return null;
      }
      throw describeAwsError(error, 'GetRepositoryPolicy', repository, this.profile);
    }
  }

  async writePolicy(repository: RepositoryRef, policyText: string): Promise<void> {
    this.log.info(`ECR SetRepositoryPolicy: ${describeRepository(repository)}`);
    await this.call('SetRepositoryPolicy', repository, () =>
      this.ecr.send(
        new this.sdk.SetRepositoryPolicyCommand({
          ...this.target(repository),
          policyText,
          force: false,
        }),
      ),
    );
  }

  async deletePolicy(repository: RepositoryRef): Promise<void> {
    this.log.info(`ECR DeleteRepositoryPolicy: ${describeRepository(repository)}`);
    try {
      await this.ecr.send(new this.sdk.DeleteRepositoryPolicyCommand(this.target(repository)));
    } catch (error) {
      // Already gone is the state undo wants.
      if ((error as { name?: string }).name !== 'RepositoryPolicyNotFoundException') {
        throw describeAwsError(error, 'DeleteRepositoryPolicy', repository, this.profile);
      }
    }
  }

  private target(repository: RepositoryRef) {
    return { registryId: repository.registryId, repositoryName: repository.repository };
  }

  private async call<T>(
    operation: string,
    repository: RepositoryRef | null,
    send: () => Promise<T>,
  ) {
    const started = Date.now();
    try {
      return await send();
    } catch (error) {
      throw describeAwsError(error, operation, repository, this.profile);
    } finally {
      this.log.debug(`${operation} took ${Date.now() - started} ms`);
    }
  }
}
