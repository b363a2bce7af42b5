import { AwsConnection } from '../aws/awsConnection';
import { AwsActionError } from '../aws/awsErrors';
import { AwsLog } from '../aws/awsLog';
import { PolicyGateway } from '../aws/policyGateway';
import { repositoryRefOf } from '../aws/repositoryRef';
import { createSdkPolicyGateway } from '../aws/sdkPolicyGateway';
import { ClusterSettings } from '../core/clusterSettings';
import { EcrImage } from '../core/imageUri';
import {
  RepositoryAccess,
  assessRepositoryPolicy,
  repositoryKey,
  withRepositoryAccess,
} from '../core/repositoryAccess';
import { CheckedFile } from './reports/reportModel';

const MAX_CONCURRENT_READS = 4;

/**
 * Reads the policy of every distinct cross-account repository once (a few at a time) and
 * returns the files with their `cross-account` findings turned into live verdicts.
 */
export async function withLiveAccess(
  files: readonly CheckedFile[],
  cluster: ClusterSettings,
  connection: AwsConnection,
  log: AwsLog,
): Promise<CheckedFile[]> {
  const images = new Map<string, EcrImage>();
  for (const { analysis } of files) {
    for (const finding of analysis.findings) {
      if (finding.code === 'cross-account' && finding.image !== null) {
        images.set(repositoryKey(finding.image), finding.image);
      }
    }
  }

  const gateways = new Map<string, Promise<PolicyGateway>>();
  const gatewayFor = (image: EcrImage) => {
    const key = `${image.region}|${image.fips}|${image.dualStack}`;
    if (!gateways.has(key)) {
      gateways.set(key, createSdkPolicyGateway(connection, image.region, image, log));
    }
    return gateways.get(key) as Promise<PolicyGateway>;
  };

  const results = new Map<string, RepositoryAccess>();
  const pending = [...images.entries()];
  const worker = async () => {
    for (let next = pending.shift(); next !== undefined; next = pending.shift()) {
      const [key, image] = next;
      results.set(key, await readAccess(image, cluster, gatewayFor));
    }
  };
  await Promise.all(Array.from({ length: MAX_CONCURRENT_READS }, worker));

  return files.map(({ file, analysis }) => ({
    file,
    analysis: {
      ...analysis,
      findings: withRepositoryAccess(analysis.findings, (image) =>
        results.get(repositoryKey(image)),
      ),
    },
  }));
}

async function readAccess(
  image: EcrImage,
  cluster: ClusterSettings,
  gatewayFor: (image: EcrImage) => Promise<PolicyGateway>,
): Promise<RepositoryAccess> {
  try {
    const gateway = await gatewayFor(image);
    const policyText = await gateway.readPolicy(repositoryRefOf(image));
    return assessRepositoryPolicy(policyText, cluster.principal, image, new Date());
  } catch (error) {
    const message = error instanceof AwsActionError ? error.message : String(error);
    return { state: 'failed', error: message, checkedAt: new Date().toISOString() };
  }
}
