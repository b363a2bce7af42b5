/**
 * Drives the loopback ECR/STS fake with the real AWS SDK v3 clients, so the rest of the test
 * suite can trust it: wire formats, error names, retries and timeouts behave as against AWS.
 */
import { FakeAws, MAX_POLICY_TEXT_LENGTH, type StaticCredentials } from '../support/fakeAws';
import assert from 'node:assert/strict';
import { request } from 'node:http';
import {
  DeleteRepositoryPolicyCommand,
  DescribeRegistryCommand,
  DescribeRepositoriesCommand,
  ECRClient,
  type ECRClientConfig,
  GetRepositoryPolicyCommand,
  PutReplicationConfigurationCommand,
  SetRepositoryPolicyCommand,
} from '@aws-sdk/client-ecr';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';

const ACCOUNT = '111111111111';
const OTHER_ACCOUNT = '222222222222';
const REGION = 'us-east-1';
const OTHER_REGION = 'eu-west-1';
const POLICY = JSON.stringify({
  Version: '2012-10-17',
  Statement: [
    {
      Sid: 'ClusterPull',
      Effect: 'Allow',
      Principal: { AWS: `arn:aws:iam::${OTHER_ACCOUNT}:root` },
      Action: ['ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer'],
    },
  ],
});
const OTHER_POLICY = JSON.stringify({ Version: '2012-10-17', Statement: [] });

/** Asserts `promise` rejects with an SDK error named `name`; returns it for further checks. */
async function rejectsNamed(promise: Promise<unknown>, name: string): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof Error, 'expected an Error');
    assert.equal(error.name, name, `expected ${name}, got ${error.name}: ${error.message}`);
    return error;
  }
  assert.fail(`expected ${name}, but the call succeeded`);
}

describe('FakeAws (loopback ECR + STS) with the real AWS SDK', function () {
  let fake: FakeAws;
  let creds: StaticCredentials;
  let clients: { destroy(): void }[];

  beforeEach(async function () {
    fake = new FakeAws();
    await fake.start();
    creds = fake.addCredentials({
      accessKeyId: 'AKIDFAKEOWNER0001',
      account: ACCOUNT,
      arn: `arn:aws:iam::${ACCOUNT}:user/releasehub-admin`,
    });
    fake.addRepository({ account: ACCOUNT, region: REGION, name: 'app', policyText: POLICY });
    fake.addRepository({ account: ACCOUNT, region: REGION, name: 'team/worker' });
    clients = [];
  });

  afterEach(async function () {
    for (const client of clients) {
      client.destroy();
    }
    await fake.stop();
  });

  /** An ECR client aimed only at the fake; one attempt unless a test asks for retries. */
  function ecr(options: Partial<ECRClientConfig> = {}, region = REGION, c = creds): ECRClient {
    const client = new ECRClient({ ...fake.clientConfig(c, region, 1), ...options });
    clients.push(client);
    return client;
  }

  function sts(maxAttempts = 1, c = creds): STSClient {
    const client = new STSClient(fake.clientConfig(c, REGION, maxAttempts));
    clients.push(client);
    return client;
  }

  describe('server', function () {
    it('binds 127.0.0.1 on an OS-chosen port; refuses after stop()', async function () {
      assert.match(fake.url, /^http:\/\/127\.0\.0\.1:\d+$/);
      const url = fake.url;
      await fake.stop();
      const error = await new Promise<NodeJS.ErrnoException>((resolve) => {
        request(url, { method: 'POST' }, () => resolve(new Error('answered')))
          .on('error', resolve)
          .end();
      });
      assert.equal(error.code, 'ECONNREFUSED');
    });

    it('stop() drops a pending delayed call and closes its connection', async function () {
      fake.delay('GetCallerIdentity', 60_000);
      const pending = sts().send(new GetCallerIdentityCommand({}));
      while (fake.calls.length === 0) {
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
      const started = Date.now();
      await fake.stop();
      await assert.rejects(pending, (error: NodeJS.ErrnoException) => error.code === 'ECONNRESET');
      assert.ok(Date.now() - started < 1000, 'stop() did not wait for the delay');
      assert.equal(fake.calls[0].status, 0);
    });

    it('answers an unsigned request with MissingAuthenticationTokenException', async function () {
      const response = await new Promise<{ status: number; body: string }>((resolve, reject) => {
        const req = request(
          fake.url,
          {
            method: 'POST',
            headers: {
              'content-type': 'application/x-amz-json-1.1',
              'x-amz-target': 'AmazonEC2ContainerRegistry_V20150921.DescribeRegistry',
            },
          },
          (res) => {
            let body = '';
            res.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
            res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
          },
        );
        req.on('error', reject);
        req.end('{}');
      });
      assert.equal(response.status, 400);
      const body = JSON.parse(response.body) as { __type?: string };
      assert.equal(body.__type, 'MissingAuthenticationTokenException');
    });
  });

  describe('ECR happy paths', function () {
    it('GetRepositoryPolicy returns policyText, registryId, repositoryName', async function () {
      const out = await ecr().send(new GetRepositoryPolicyCommand({ repositoryName: 'app' }));
      assert.equal(out.registryId, ACCOUNT);
      assert.equal(out.repositoryName, 'app');
      assert.equal(out.policyText, POLICY);
    });

    it('SetRepositoryPolicy stores the policy verbatim and echoes it', async function () {
      const out = await ecr().send(
        new SetRepositoryPolicyCommand({
          registryId: ACCOUNT,
          repositoryName: 'team/worker',
          policyText: POLICY,
          force: false,
        }),
      );
      assert.deepEqual(
        { registryId: out.registryId, repositoryName: out.repositoryName, text: out.policyText },
        { registryId: ACCOUNT, repositoryName: 'team/worker', text: POLICY },
      );
      assert.equal(fake.getPolicy(ACCOUNT, REGION, 'team/worker'), POLICY);
    });

    it('SetRepositoryPolicy rejects bad or long policyText', async function () {
      const client = ecr();
      await rejectsNamed(
        client.send(new SetRepositoryPolicyCommand({ repositoryName: 'app', policyText: '{' })),
        'InvalidParameterException',
      );
      const padding = 'x'.repeat(MAX_POLICY_TEXT_LENGTH);
      const tooLong = JSON.stringify({ Version: '2012-10-17', Statement: [], Sid: padding });
      await rejectsNamed(
        client.send(new SetRepositoryPolicyCommand({ repositoryName: 'app', policyText: tooLong })),
        'InvalidParameterException',
      );
      assert.equal(fake.getPolicy(ACCOUNT, REGION, 'app'), POLICY, 'stored policy unchanged');
    });

    it('DeleteRepositoryPolicy returns the deleted policy, once', async function () {
      const client = ecr();
      const out = await client.send(new DeleteRepositoryPolicyCommand({ repositoryName: 'app' }));
      assert.equal(out.policyText, POLICY);
      assert.equal(out.registryId, ACCOUNT);
      assert.equal(fake.getPolicy(ACCOUNT, REGION, 'app'), undefined);
      await rejectsNamed(
        client.send(new DeleteRepositoryPolicyCommand({ repositoryName: 'app' })),
        'RepositoryPolicyNotFoundException',
      );
    });

    it('GetRepositoryPolicy: missing repository vs missing policy', async function () {
      const client = ecr();
      await rejectsNamed(
        client.send(new GetRepositoryPolicyCommand({ repositoryName: 'team/worker' })),
        'RepositoryPolicyNotFoundException',
      );
      const error = await rejectsNamed(
        client.send(new GetRepositoryPolicyCommand({ repositoryName: 'nope' })),
        'RepositoryNotFoundException',
      );
      assert.match(error.message, /'nope'.*'111111111111'/);
    });

    it('DescribeRepositories filters by name and returns the model fields', async function () {
      const client = ecr();
      const out = await client.send(
        new DescribeRepositoriesCommand({ repositoryNames: ['team/worker'] }),
      );
      assert.equal(out.repositories?.length, 1);
      const repo = out.repositories?.[0];
      assert.equal(repo?.repositoryName, 'team/worker');
      assert.equal(repo?.registryId, ACCOUNT);
      assert.equal(repo?.repositoryArn, `arn:aws:ecr:${REGION}:${ACCOUNT}:repository/team/worker`);
      assert.equal(repo?.repositoryUri, `${ACCOUNT}.dkr.ecr.${REGION}.amazonaws.com/team/worker`);
      assert.ok(repo?.createdAt instanceof Date);

      const all = await client.send(new DescribeRepositoriesCommand({}));
      assert.deepEqual(
        all.repositories?.map((r) => r.repositoryName),
        ['app', 'team/worker'],
      );
      await rejectsNamed(
        client.send(new DescribeRepositoriesCommand({ repositoryNames: ['app', 'missing'] })),
        'RepositoryNotFoundException',
      );
    });

    it('DescribeRepositories pages with maxResults and nextToken', async function () {
      const client = ecr();
      const first = await client.send(new DescribeRepositoriesCommand({ maxResults: 1 }));
      assert.deepEqual(
        first.repositories?.map((r) => r.repositoryName),
        ['app'],
      );
      assert.ok(first.nextToken);
      const second = await client.send(
        new DescribeRepositoriesCommand({ maxResults: 1, nextToken: first.nextToken }),
      );
      assert.deepEqual(
        second.repositories?.map((r) => r.repositoryName),
        ['team/worker'],
      );
      assert.equal(second.nextToken, undefined);
    });

    it('PutReplicationConfiguration then DescribeRegistry, per region', async function () {
      const client = ecr();
      const before = await client.send(new DescribeRegistryCommand({}));
      assert.equal(before.registryId, ACCOUNT);
      assert.deepEqual(before.replicationConfiguration, { rules: [] });

      const replicationConfiguration = {
        rules: [
          {
            destinations: [{ region: OTHER_REGION, registryId: ACCOUNT }],
            repositoryFilters: [{ filter: 'team/', filterType: 'PREFIX_MATCH' as const }],
          },
        ],
      };
      const put = await client.send(
        new PutReplicationConfigurationCommand({ replicationConfiguration }),
      );
      assert.deepEqual(put.replicationConfiguration, replicationConfiguration);
      const after = await client.send(new DescribeRegistryCommand({}));
      assert.deepEqual(after.replicationConfiguration, replicationConfiguration);
      assert.deepEqual(fake.getReplicationConfiguration(ACCOUNT, REGION), replicationConfiguration);
      assert.equal(fake.getReplicationConfiguration(ACCOUNT, OTHER_REGION), undefined);
    });
  });

  describe('STS', function () {
    it('GetCallerIdentity returns the identity mapped to the access key', async function () {
      const out = await sts().send(new GetCallerIdentityCommand({}));
      assert.equal(out.Account, ACCOUNT);
      assert.equal(out.Arn, `arn:aws:iam::${ACCOUNT}:user/releasehub-admin`);
      assert.ok(out.UserId);
      const [call] = fake.calls;
      assert.deepEqual(
        { service: call.service, op: call.operation, account: call.account, status: call.status },
        { service: 'sts', op: 'GetCallerIdentity', account: ACCOUNT, status: 200 },
      );
    });

    it('rejects unknown keys and wrong secrets, per service', async function () {
      const unknown = { accessKeyId: 'AKIDNOTREGISTERED', secretAccessKey: 'whatever' };
      await rejectsNamed(
        sts(1, unknown).send(new GetCallerIdentityCommand({})),
        'InvalidClientTokenId',
      );
      await rejectsNamed(
        ecr({}, REGION, unknown).send(new DescribeRegistryCommand({})),
        'UnrecognizedClientException',
      );
      const wrongSecret = { ...creds, secretAccessKey: 'not-the-secret' };
      await rejectsNamed(
        sts(1, wrongSecret).send(new GetCallerIdentityCommand({})),
        'SignatureDoesNotMatch',
      );
      await rejectsNamed(
        ecr({}, REGION, wrongSecret).send(new DescribeRegistryCommand({})),
        'InvalidSignatureException',
      );
    });

    it('checks the session token when the credentials have one', async function () {
      const session = fake.addCredentials({
        accessKeyId: 'ASIAFAKESESSION01',
        account: ACCOUNT,
        sessionToken: 'fake-session-token',
      });
      const ok = await sts(1, session).send(new GetCallerIdentityCommand({}));
      assert.equal(ok.Account, ACCOUNT);
      const { sessionToken: _dropped, ...withoutToken } = session;
      void _dropped;
      await rejectsNamed(
        sts(1, withoutToken).send(new GetCallerIdentityCommand({})),
        'InvalidClientTokenId',
      );
    });
  });

  describe('request target: region and account', function () {
    it('uses the scope region: no such repository in another region', async function () {
      await rejectsNamed(
        ecr({}, OTHER_REGION).send(new GetRepositoryPolicyCommand({ repositoryName: 'app' })),
        'RepositoryNotFoundException',
      );
      assert.equal(fake.calls[0].region, OTHER_REGION);
    });

    it('defaults registryId to the caller account', async function () {
      const otherCreds = fake.addCredentials({
        accessKeyId: 'AKIDFAKEOTHER0001',
        account: OTHER_ACCOUNT,
      });
      fake.addRepository({ account: OTHER_ACCOUNT, region: REGION, name: 'app' });
      await rejectsNamed(
        ecr({}, REGION, otherCreds).send(new GetRepositoryPolicyCommand({ repositoryName: 'app' })),
        'RepositoryPolicyNotFoundException',
      );
      const [call] = fake.calls;
      assert.equal(call.account, OTHER_ACCOUNT);
      assert.equal(call.registryId, OTHER_ACCOUNT);
    });

    it('denies another account registry unless granted', async function () {
      const otherCreds = fake.addCredentials({
        accessKeyId: 'AKIDFAKEOTHER0001',
        account: OTHER_ACCOUNT,
      });
      const client = ecr({}, REGION, otherCreds);
      const command = new GetRepositoryPolicyCommand({
        registryId: ACCOUNT,
        repositoryName: 'app',
      });
      const denied = await rejectsNamed(client.send(command), 'AccessDeniedException');
      assert.match(denied.message, /not authorized to perform: ecr:GetRepositoryPolicy/);
      fake.grantCrossAccount(OTHER_ACCOUNT, ACCOUNT);
      const out = await client.send(command);
      assert.equal(out.policyText, POLICY);
      assert.deepEqual(
        fake.calls.map((c) => [c.account, c.registryId, c.status, c.errorType]),
        [
          [OTHER_ACCOUNT, ACCOUNT, 400, 'AccessDeniedException'],
          [OTHER_ACCOUNT, ACCOUNT, 200, undefined],
        ],
      );
    });

    it('rejects a malformed registryId with ValidationException', async function () {
      await rejectsNamed(
        ecr().send(new GetRepositoryPolicyCommand({ registryId: '123', repositoryName: 'app' })),
        'ValidationException',
      );
    });
  });

  describe('scripted faults', function () {
    it('ThrottlingException is retried by the SDK, then the call succeeds', async function () {
      this.timeout(10_000);
      fake.throttle('GetRepositoryPolicy');
      const out = await ecr({ maxAttempts: 3 }).send(
        new GetRepositoryPolicyCommand({ repositoryName: 'app' }),
      );
      assert.equal(out.policyText, POLICY);
      assert.deepEqual(
        fake.callsTo('GetRepositoryPolicy').map((c) => [c.status, c.errorType, c.fault]),
        [
          [400, 'ThrottlingException', 'throttle'],
          [200, undefined, undefined],
        ],
      );
      assert.deepEqual(fake.pendingFaults(), []);
    });

    it('persistent throttling fails after maxAttempts', async function () {
      this.timeout(10_000);
      fake.throttle('SetRepositoryPolicy', 5);
      const error = await rejectsNamed(
        ecr({ maxAttempts: 2 }).send(
          new SetRepositoryPolicyCommand({ repositoryName: 'app', policyText: OTHER_POLICY }),
        ),
        'ThrottlingException',
      );
      assert.equal((error as { $metadata?: { attempts?: number } }).$metadata?.attempts, 2);
      assert.equal(fake.callsTo('SetRepositoryPolicy').length, 2);
      assert.equal(fake.getPolicy(ACCOUNT, REGION, 'app'), POLICY, 'nothing was written');
      assert.deepEqual(fake.pendingFaults(), [
        { operation: 'SetRepositoryPolicy', kind: 'throttle', remaining: 3 },
      ]);
    });

    it('a 500 ServerException is a server fault and is retried', async function () {
      this.timeout(10_000);
      fake.serverError('DescribeRepositories');
      const error = await rejectsNamed(
        ecr().send(new DescribeRepositoriesCommand({})),
        'ServerException',
      );
      assert.equal((error as { $fault?: string }).$fault, 'server');
      assert.equal(fake.calls[0].status, 500);

      fake.serverError('DescribeRepositories');
      const out = await ecr({ maxAttempts: 2 }).send(new DescribeRepositoriesCommand({}));
      assert.equal(out.repositories?.length, 2);
      assert.equal(fake.callsTo('DescribeRepositories').length, 3);
    });

    it('STS server errors and throttling use the query-protocol codes', async function () {
      fake.serverError('GetCallerIdentity');
      await rejectsNamed(sts().send(new GetCallerIdentityCommand({})), 'InternalFailure');
      fake.throttle('GetCallerIdentity');
      await rejectsNamed(sts().send(new GetCallerIdentityCommand({})), 'Throttling');
      fake.denyAccess('GetCallerIdentity');
      await rejectsNamed(sts().send(new GetCallerIdentityCommand({})), 'AccessDenied');
    });

    it('AccessDeniedException and RepositoryNotFoundException can be scripted', async function () {
      const client = ecr();
      fake.denyAccess('SetRepositoryPolicy');
      await rejectsNamed(
        client.send(
          new SetRepositoryPolicyCommand({ repositoryName: 'app', policyText: OTHER_POLICY }),
        ),
        'AccessDeniedException',
      );
      fake.repositoryNotFound('GetRepositoryPolicy');
      await rejectsNamed(
        client.send(new GetRepositoryPolicyCommand({ repositoryName: 'app' })),
        'RepositoryNotFoundException',
      );
      assert.equal(fake.getPolicy(ACCOUNT, REGION, 'app'), POLICY);
    });

    it('expired credentials: ExpiredTokenException on ECR and STS', async function () {
      fake.expireToken('GetCallerIdentity');
      await rejectsNamed(sts().send(new GetCallerIdentityCommand({})), 'ExpiredTokenException');
      fake.expireToken('GetRepositoryPolicy');
      await rejectsNamed(
        ecr().send(new GetRepositoryPolicyCommand({ repositoryName: 'app' })),
        'ExpiredTokenException',
      );
      // Real STS names an expired session 'ExpiredToken'; scriptable with a code override.
      fake.expireToken('GetCallerIdentity', 1, { code: 'ExpiredToken' });
      await rejectsNamed(sts().send(new GetCallerIdentityCommand({})), 'ExpiredToken');

      fake.expireCredentials(creds.accessKeyId);
      await rejectsNamed(sts().send(new GetCallerIdentityCommand({})), 'ExpiredTokenException');
      await rejectsNamed(ecr().send(new DescribeRegistryCommand({})), 'ExpiredTokenException');
    });

    it('a connection reset surfaces as a network error (ECONNRESET)', async function () {
      fake.resetConnection('GetRepositoryPolicy');
      let caught: unknown;
      try {
        await ecr().send(new GetRepositoryPolicyCommand({ repositoryName: 'app' }));
      } catch (error) {
        caught = error;
      }
      assert.ok(caught instanceof Error, 'expected a network error');
      assert.equal((caught as NodeJS.ErrnoException).code, 'ECONNRESET');
      assert.equal((caught as { $metadata?: unknown }).$metadata !== undefined, true);
      const [call] = fake.calls;
      assert.deepEqual([call.status, call.fault], [0, 'reset']);
    });

    it('a connection reset is retried by the SDK when attempts remain', async function () {
      this.timeout(10_000);
      fake.resetConnection('GetRepositoryPolicy');
      const out = await ecr({ maxAttempts: 2 }).send(
        new GetRepositoryPolicyCommand({ repositoryName: 'app' }),
      );
      assert.equal(out.policyText, POLICY);
      assert.deepEqual(
        fake.calls.map((c) => c.status),
        [0, 200],
      );
    });

    it('a slow response trips the client timeout; the write still lands', async function () {
      fake.delay('SetRepositoryPolicy', 400);
      const client = ecr({ requestHandler: { requestTimeout: 100, throwOnRequestTimeout: true } });
      await rejectsNamed(
        client.send(
          new SetRepositoryPolicyCommand({ repositoryName: 'app', policyText: OTHER_POLICY }),
        ),
        'TimeoutError',
      );
      // As with AWS, a timed-out write may still be applied after the client gave up.
      await new Promise((resolve) => setTimeout(resolve, 500));
      const [call] = fake.calls;
      assert.deepEqual([call.fault, call.status, call.clientGone], ['delay', 200, true]);
      assert.equal(fake.getPolicy(ACCOUNT, REGION, 'app'), OTHER_POLICY);
    });

    it('a short delay without a client timeout just slows the call down', async function () {
      fake.delay('GetCallerIdentity', 50);
      const started = Date.now();
      const out = await sts().send(new GetCallerIdentityCommand({}));
      assert.equal(out.Account, ACCOUNT);
      assert.ok(Date.now() - started >= 45);
    });

    it('faults are scoped to their operation; "*" matches any operation', async function () {
      fake.denyAccess('SetRepositoryPolicy');
      const out = await ecr().send(new GetRepositoryPolicyCommand({ repositoryName: 'app' }));
      assert.equal(out.policyText, POLICY);
      fake.clearFaults();
      fake.serverError('*', 2);
      await rejectsNamed(sts().send(new GetCallerIdentityCommand({})), 'InternalFailure');
      await rejectsNamed(ecr().send(new DescribeRegistryCommand({})), 'ServerException');
      await ecr().send(new DescribeRegistryCommand({}));
      assert.throws(() => fake.throttle('GetRepositoryPolicyy'), /unknown operation/);
      assert.throws(() => fake.repositoryNotFound('GetCallerIdentity'), /no meaning for sts/);
    });

    it('injects a concurrent policy change right after a read', async function () {
      fake.injectConcurrentChangeAfter('GetRepositoryPolicy', OTHER_POLICY);
      const client = ecr();
      const read = await client.send(new GetRepositoryPolicyCommand({ repositoryName: 'app' }));
      assert.equal(read.policyText, POLICY, 'the read sees the policy before the change');
      assert.equal(fake.getPolicy(ACCOUNT, REGION, 'app'), OTHER_POLICY);
      const again = await client.send(new GetRepositoryPolicyCommand({ repositoryName: 'app' }));
      assert.equal(again.policyText, OTHER_POLICY);
      fake.setPolicy(ACCOUNT, REGION, 'app', POLICY);
      await client.send(new GetRepositoryPolicyCommand({ repositoryName: 'app' }));
      assert.equal(fake.getPolicy(ACCOUNT, REGION, 'app'), POLICY, 'injected only once');
    });
  });

  describe('call recording', function () {
    it('records service, operation, account, region, input, status', async function () {
      const client = ecr();
      await client.send(
        new SetRepositoryPolicyCommand({
          repositoryName: 'app',
          policyText: OTHER_POLICY,
          force: true,
        }),
      );
      await rejectsNamed(
        client.send(new GetRepositoryPolicyCommand({ repositoryName: 'team/worker' })),
        'RepositoryPolicyNotFoundException',
      );
      await sts().send(new GetCallerIdentityCommand({}));
      assert.deepEqual(
        fake.calls.map(({ service, operation, account, region, input, status, errorType }) => ({
          service,
          operation,
          account,
          region,
          input,
          status,
          errorType,
        })),
        [
          {
            service: 'ecr',
            operation: 'SetRepositoryPolicy',
            account: ACCOUNT,
            region: REGION,
            input: { repositoryName: 'app', policyText: OTHER_POLICY, force: true },
            status: 200,
            errorType: undefined,
          },
          {
            service: 'ecr',
            operation: 'GetRepositoryPolicy',
            account: ACCOUNT,
            region: REGION,
            input: { repositoryName: 'team/worker' },
            status: 400,
            errorType: 'RepositoryPolicyNotFoundException',
          },
          {
            service: 'sts',
            operation: 'GetCallerIdentity',
            account: ACCOUNT,
            region: REGION,
            input: {},
            status: 200,
            errorType: undefined,
          },
        ],
      );
    });

    it('never records secrets', async function () {
      await ecr().send(new DescribeRegistryCommand({}));
      await sts().send(new GetCallerIdentityCommand({}));
      const recorded = JSON.stringify(fake.calls);
      assert.ok(recorded.includes(creds.accessKeyId));
      assert.ok(!recorded.includes(creds.secretAccessKey));
      assert.ok(!/Signature=|AWS4-HMAC/.test(recorded));
    });
  });
});
