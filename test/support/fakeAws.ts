/**
 * Entry point for tests that need AWS: a loopback fake of ECR and STS that the real AWS SDK
 * v3 clients talk to over HTTP. No test may call AWS; build every client from
 * `fake.clientConfig(...)` (explicit endpoint, region and static credentials).
 *
 *   const fake = new FakeAws();
 *   await fake.start();
 *   const creds = fake.addCredentials({ accessKeyId: 'AKIDTEST', account: '111111111111' });
 *   fake.addRepository({ account: '111111111111', region: 'us-east-1', name: 'app' });
 *   const ecr = new ECRClient(fake.clientConfig(creds, 'us-east-1', 2));
 *   fake.throttle('SetRepositoryPolicy');        // first attempt throttled, SDK retries
 *   await ecr.send(new SetRepositoryPolicyCommand({ repositoryName: 'app', policyText }));
 *   fake.getPolicy('111111111111', 'us-east-1', 'app'); // === policyText
 *   fake.callsTo('SetRepositoryPolicy').length;         // === 2
 *   await fake.stop();
 */
import './fakeAws/env';

export { FakeAws, type FakeClientConfig } from './fakeAws/fakeAwsServer';
export { MAX_POLICY_TEXT_LENGTH } from './fakeAws/ecrOperations';
export type {
  CallRecord,
  CredentialsConfig,
  ErrorFaultKind,
  ErrorOverrides,
  Fault,
  ReplicationConfiguration,
  RepositorySeed,
  Service,
  StaticCredentials,
} from './fakeAws/types';
