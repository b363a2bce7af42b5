/**
 * The apply and undo flows, end to end through the real SDK gateway against the loopback
 * fake ECR and STS. Credentials come only from the environment (static keys) or a temp shared
 * credentials file, as they would for a user; the endpoint is always the fake's.
 */
import assert from 'node:assert/strict';
import { diffLines } from 'diff';
import {
  AwsEnvironment,
  credentialVariables,
  isolateAwsEnvironment,
  writeSharedCredentials,
} from '../../support/awsEnvironment';
import { FakeAws, type StaticCredentials } from '../../support/fakeAws';
import { AwsActionError, AwsFailureKind } from '../../../src/aws/awsErrors';
import { AwsConnection } from '../../../src/aws/awsConnection';
import { AwsLog } from '../../../src/aws/awsLog';
import {
  AppliedPolicyChange,
  ApplyOutcome,
  PolicyApplyError,
  PolicyPreview,
  UndoOutcome,
  applyPullStatement,
  undoPolicyChange,
} from '../../../src/aws/policyApplier';
import { PolicyGateway } from '../../../src/aws/policyGateway';
import { RepositoryRef } from '../../../src/aws/repositoryRef';
import { createSdkPolicyGateway } from '../../../src/aws/sdkPolicyGateway';
import { buildPullStatement } from '../../../src/core/policyBuilder';
import { PolicyStatement } from '../../../src/core/policyDocument';

const CLUSTER_ACCOUNT = '111111111111';
const REGISTRY_ACCOUNT = '222222222222';
const REGION = 'us-east-1';
const ADMIN_ARN = `arn:aws:iam::${REGISTRY_ACCOUNT}:user/platform-admin`;

/** What ReleaseHub's cluster needs: pull access for its account root. */
const PULL = buildPullStatement({ kind: 'account', accountId: CLUSTER_ACCOUNT }, 'aws');

/** Statements other people wrote; an apply keeps them exactly, in their place. */
const CI_PUSH: PolicyStatement = {
  Sid: 'AllowCiPush',
  Effect: 'Allow',
  Principal: { AWS: `arn:aws:iam::${REGISTRY_ACCOUNT}:role/ci-publisher` },
  Action: ['ecr:PutImage', 'ecr:InitiateLayerUpload', 'ecr:UploadLayerPart'],
};
const AUDIT_READ: PolicyStatement = {
  Sid: 'AuditRead',
  Effect: 'Allow',
  Principal: { AWS: 'arn:aws:iam::999999999999:root' },
  Action: 'ecr:DescribeImages',
  Condition: { StringEquals: { 'aws:PrincipalOrgID': 'o-exampleorg' } },
};
/** An older grant under our Sid, to another account and with too much: replaced in place. */
const OLD_PULL: PolicyStatement = {
  Sid: 'AllowReleasePull',
  Effect: 'Allow',
  Principal: { AWS: 'arn:aws:iam::333333333333:root' },
  Action: ['ecr:BatchGetImage', 'ecr:PutImage'],
};

function policyText(...statements: PolicyStatement[]): string {
  return JSON.stringify({ Version: '2012-10-17', Statement: statements });
}

function statementsOf(text: string | undefined | null): PolicyStatement[] {
  assert.ok(typeof text === 'string', 'expected a stored policy');
  return (JSON.parse(text) as { Statement: PolicyStatement[] }).Statement;
}

function repositoryRef(repository: string, registryId = REGISTRY_ACCOUNT): RepositoryRef {
  return {
    registryId,
    region: REGION,
    partition: 'aws',
    repository,
    fips: false,
    dualStack: false,
  };
}

/** Resolves once `settled` holds; for a call the fake finishes after the client gave up. */
async function until(settled: () => boolean): Promise<void> {
  while (!settled()) {
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

class RecordingLog implements AwsLog {
  readonly lines: string[] = [];
  info = (message: string) => void this.lines.push(`info ${message}`);
  debug = (message: string) => void this.lines.push(`debug ${message}`);
  warn = (message: string) => void this.lines.push(`warn ${message}`);
  error = (message: string) => void this.lines.push(`error ${message}`);
}

/** Confirms (or declines) and keeps every preview it was shown. */
function answering(answer: boolean) {
  const previews: PolicyPreview[] = [];
  return {
    previews,
    confirm: async (preview: PolicyPreview) => {
      previews.push(preview);
      return answer;
    },
  };
}

async function rejectsWithAwsError(
  promise: Promise<unknown>,
  kind: AwsFailureKind,
  operation: string,
): Promise<AwsActionError> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof AwsActionError, `expected AwsActionError, got ${String(error)}`);
    assert.equal(error.kind, kind, error.message);
    assert.equal(error.operation, operation);
    return error;
  }
  assert.fail(`expected an AwsActionError of kind ${kind}, but the call succeeded`);
}

async function rejectsWithRefusal(
  promise: Promise<unknown>,
  kind: PolicyApplyError['kind'],
): Promise<PolicyApplyError> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof PolicyApplyError, `expected PolicyApplyError, got ${String(error)}`);
    assert.equal(error.kind, kind, error.message);
    return error;
  }
  assert.fail(`expected a PolicyApplyError of kind ${kind}, but the call succeeded`);
}

/**
 * A fake AWS and an environment holding the registry owner's keys. With `shareFake` the fake
 * lives for the whole describe block (so a suite can check its final state); the environment
 * is always set up around each test and restored after it.
 */
function useFakeAws(options: { shareFake?: boolean } = {}) {
  const world = {
    fake: undefined as unknown as FakeAws,
    owner: undefined as unknown as StaticCredentials,
    env: undefined as unknown as AwsEnvironment,
    log: new RecordingLog(),
    gateway(connection: Partial<AwsConnection> = {}): Promise<PolicyGateway> {
      return createSdkPolicyGateway(
        { endpoint: world.fake.url, maxAttempts: 1, requestTimeoutMs: 2_000, ...connection },
        REGION,
        { fips: false, dualStack: false },
        world.log,
      );
    },
    /** SetRepositoryPolicy and DeleteRepositoryPolicy calls the fake received. */
    writes() {
      return [
        ...world.fake.callsTo('SetRepositoryPolicy'),
        ...world.fake.callsTo('DeleteRepositoryPolicy'),
      ];
    },
    ecrCalls() {
      return world.fake.calls.filter((call) => call.service === 'ecr');
    },
  };

  async function startFake() {
    world.fake = new FakeAws();
    await world.fake.start();
    world.owner = world.fake.addCredentials({
      accessKeyId: 'AKIDREGISTRYOWNER',
      account: REGISTRY_ACCOUNT,
      arn: ADMIN_ARN,
    });
  }
  const stopFake = () => world.fake.stop();

  if (options.shareFake) {
    before(startFake);
    after(stopFake);
  } else {
    beforeEach(startFake);
    afterEach(stopFake);
  }
  beforeEach(function () {
    world.fake.clearCalls();
    world.log.lines.length = 0;
    world.env = isolateAwsEnvironment(credentialVariables(world.owner));
  });
  afterEach(function () {
    world.env.restore();
    world.fake.clearFaults();
  });
  return world;
}

describe('applyPullStatement with the SDK gateway and the fake ECR', function () {
  const world = useFakeAws();

  async function apply(repository: string, confirm = answering(true)): Promise<ApplyOutcome> {
    return applyPullStatement(
      await world.gateway(),
      repositoryRef(repository),
      PULL,
      { confirm: confirm.confirm },
      world.log,
    );
  }

  describe('merging into what is there', function () {
    it('a repository without a policy gets one holding just the pull statement', async function () {
      world.fake.addRepository({ account: REGISTRY_ACCOUNT, region: REGION, name: 'payments/api' });
      const confirm = answering(true);

      const outcome = await apply('payments/api', confirm);

      assert.equal(outcome.status, 'applied');
      const stored = world.fake.getPolicy(REGISTRY_ACCOUNT, REGION, 'payments/api');
      assert.deepEqual(JSON.parse(stored ?? ''), { Version: '2012-10-17', Statement: [PULL] });
      assert.equal(outcome.change.previousText, null);
      assert.equal(outcome.change.appliedText, stored);
      assert.equal(confirm.previews.length, 1);
      assert.equal(confirm.previews[0].currentText, null);
      assert.equal(confirm.previews[0].currentDisplayText, '');
      assert.equal(confirm.previews[0].callerArn, ADMIN_ARN);
      assert.deepEqual(
        world.fake.calls.map((call) => call.operation),
        [
          'GetCallerIdentity',
          'GetRepositoryPolicy',
          'GetRepositoryPolicy',
          'SetRepositoryPolicy',
          'GetRepositoryPolicy',
        ],
        'identity, read, re-read, write, verify',
      );
      const [write] = world.fake.callsTo('SetRepositoryPolicy');
      assert.equal(write.input.registryId, REGISTRY_ACCOUNT);
      assert.equal(write.input.repositoryName, 'payments/api');
      assert.equal(write.input.force, false, 'never forces a policy that locks the caller out');
    });

    it('an unrelated policy keeps its statements and keys, in order', async function () {
      const existing = JSON.stringify({
        Version: '2012-10-17',
        Id: 'team-payments',
        Statement: [CI_PUSH, AUDIT_READ],
      });
      world.fake.addRepository({
        account: REGISTRY_ACCOUNT,
        region: REGION,
        name: 'payments/api',
        policyText: existing,
      });

      const outcome = await apply('payments/api');

      assert.equal(outcome.status, 'applied');
      const stored = JSON.parse(world.fake.getPolicy(REGISTRY_ACCOUNT, REGION, 'payments/api')!);
      assert.deepEqual(stored, {
        Version: '2012-10-17',
        Id: 'team-payments',
        Statement: [CI_PUSH, AUDIT_READ, PULL],
      });
      assert.equal(outcome.change.previousText, existing, 'the backup is the text as read');
    });

    it('a policy that already holds our statement is left alone: no write', async function () {
      // Same statement, other key and action order and other whitespace: still ours.
      const ours = {
        Action: [...(PULL.Action as string[])].reverse(),
        Principal: PULL.Principal,
        Effect: 'Allow',
        Sid: 'AllowReleasePull',
      };
      const existing = JSON.stringify(
        { Version: '2012-10-17', Statement: [CI_PUSH, ours] },
        null,
        4,
      );
      world.fake.addRepository({
        account: REGISTRY_ACCOUNT,
        region: REGION,
        name: 'payments/api',
        policyText: existing,
      });
      const confirm = answering(true);

      const outcome = await apply('payments/api', confirm);

      assert.deepEqual(outcome, { status: 'already-granted', currentText: existing });
      assert.equal(confirm.previews.length, 0, 'nothing to confirm');
      assert.deepEqual(world.fake.callsTo('SetRepositoryPolicy'), []);
      assert.equal(world.fake.getPolicy(REGISTRY_ACCOUNT, REGION, 'payments/api'), existing);
    });

    it('an older AllowReleasePull is replaced in place, others kept', async function () {
      world.fake.addRepository({
        account: REGISTRY_ACCOUNT,
        region: REGION,
        name: 'payments/api',
        policyText: policyText(CI_PUSH, OLD_PULL, AUDIT_READ),
      });
      const confirm = answering(true);

      const outcome = await apply('payments/api', confirm);

      assert.equal(outcome.status, 'applied');
      assert.equal(confirm.previews[0].replacesStatement, true);
      assert.deepEqual(
        statementsOf(world.fake.getPolicy(REGISTRY_ACCOUNT, REGION, 'payments/api')),
        [CI_PUSH, PULL, AUDIT_READ],
      );
    });

    it('the preview formats current like merged, so a diff shows only ours', async function () {
      world.fake.addRepository({
        account: REGISTRY_ACCOUNT,
        region: REGION,
        name: 'payments/api',
        policyText: policyText(CI_PUSH),
      });
      const confirm = answering(false);

      await apply('payments/api', confirm);

      const [preview] = confirm.previews;
      assert.equal(
        preview.currentDisplayText,
        `${JSON.stringify(JSON.parse(policyText(CI_PUSH)), null, 2)}\n`,
      );
      assert.deepEqual(statementsOf(preview.mergedText), [CI_PUSH, PULL]);
      const changes = diffLines(preview.currentDisplayText, preview.mergedText);
      assert.deepEqual(
        changes.filter((change) => change.removed),
        [],
      );
      const added = changes.filter((change) => change.added).map((change) => change.value);
      assert.match(added.join(''), /"Sid": "AllowReleasePull"/);
      assert.doesNotMatch(added.join(''), /AllowCiPush/);
    });
  });

  describe('refusals before any write', function () {
    it('keys of another account: wrong-account naming both, no ECR call', async function () {
      const clusterKeys = world.fake.addCredentials({
        accessKeyId: 'AKIDCLUSTERUSER',
        account: CLUSTER_ACCOUNT,
      });
      Object.assign(process.env, credentialVariables(clusterKeys));
      world.fake.addRepository({
        account: REGISTRY_ACCOUNT,
        region: REGION,
        name: 'payments/api',
        policyText: policyText(CI_PUSH),
      });
      const confirm = answering(true);

      const error = await rejectsWithRefusal(apply('payments/api', confirm), 'wrong-account');

      assert.match(error.message, new RegExp(`signed in to account ${CLUSTER_ACCOUNT}`));
      assert.match(error.message, new RegExp(`belongs to account ${REGISTRY_ACCOUNT}`));
      assert.match(error.message, /your default AWS credentials/);
      assert.match(error.message, /Nothing was written/);
      assert.deepEqual(
        world.fake.calls.map((call) => call.operation),
        ['GetCallerIdentity'],
        'no ECR read or write at all',
      );
      assert.equal(confirm.previews.length, 0);
    });

    it('declining the confirmation: cancelled, with the preview, and no write', async function () {
      world.fake.addRepository({
        account: REGISTRY_ACCOUNT,
        region: REGION,
        name: 'payments/api',
        policyText: policyText(CI_PUSH),
      });
      const confirm = answering(false);

      const outcome = await apply('payments/api', confirm);

      assert.equal(outcome.status, 'cancelled');
      assert.equal(outcome.preview, confirm.previews[0]);
      assert.deepEqual(world.writes(), []);
      assert.equal(
        world.fake.getPolicy(REGISTRY_ACCOUNT, REGION, 'payments/api'),
        policyText(CI_PUSH),
      );
      assert.ok(
        world.log.lines.includes(
          `info Apply cancelled: ${REGISTRY_ACCOUNT}/${REGION}/payments/api`,
        ),
      );
    });

    it('an existing policy that is not JSON: invalid-existing-policy, no write', async function () {
      const broken = '{"Version": "2012-10-17", "Statement": [';
      world.fake.addRepository({
        account: REGISTRY_ACCOUNT,
        region: REGION,
        name: 'payments/api',
        policyText: broken,
      });
      const confirm = answering(true);

      const error = await rejectsWithRefusal(
        apply('payments/api', confirm),
        'invalid-existing-policy',
      );

      assert.match(
        error.message,
        /payments\/api cannot be merged safely: Policy is not valid JSON/,
      );
      assert.match(error.message, /Nothing was written/);
      assert.equal(confirm.previews.length, 0);
      assert.deepEqual(world.writes(), []);
      assert.equal(world.fake.getPolicy(REGISTRY_ACCOUNT, REGION, 'payments/api'), broken);
    });

    it('a policy with duplicate Sids: invalid-existing-policy, no write', async function () {
      const duplicated = policyText(CI_PUSH, { ...AUDIT_READ, Sid: 'AllowCiPush' });
      world.fake.addRepository({
        account: REGISTRY_ACCOUNT,
        region: REGION,
        name: 'payments/api',
        policyText: duplicated,
      });

      const error = await rejectsWithRefusal(apply('payments/api'), 'invalid-existing-policy');

      assert.match(error.message, /more than one statement with Sid 'AllowCiPush'/);
      assert.deepEqual(world.writes(), []);
      assert.equal(world.fake.getPolicy(REGISTRY_ACCOUNT, REGION, 'payments/api'), duplicated);
    });

    it('merged policy over 10,240 characters: invalid-merged-policy', async function () {
      // As large as ECR itself accepts, so that even a compact merge could not fit.
      const statements: PolicyStatement[] = [];
      for (let index = 0; policyText(...statements).length < 10_240 - 200; index++) {
        statements.push({
          ...CI_PUSH,
          Sid: `TeamPush${index}`,
          Principal: { AWS: `arn:aws:iam::${REGISTRY_ACCOUNT}:role/team-${index}-publisher` },
        });
      }
      const large = policyText(...statements);
      assert.ok(large.length <= 10_240, `the seed itself must be storable: ${large.length}`);
      assert.ok(policyText(...statements, PULL).length > 10_240);
      world.fake.addRepository({
        account: REGISTRY_ACCOUNT,
        region: REGION,
        name: 'payments/api',
        policyText: large,
      });
      const confirm = answering(true);

      const error = await rejectsWithRefusal(
        apply('payments/api', confirm),
        'invalid-merged-policy',
      );

      assert.match(error.message, /ECR accepts at most 10240/);
      assert.match(error.message, /Nothing was written/);
      assert.equal(confirm.previews.length, 0);
      assert.deepEqual(world.writes(), []);
      assert.equal(world.fake.getPolicy(REGISTRY_ACCOUNT, REGION, 'payments/api'), large);
    });

    it('a policy created while the user confirms is not overwritten', async function () {
      world.fake.addRepository({ account: REGISTRY_ACCOUNT, region: REGION, name: 'payments/api' });
      const theirs = policyText(AUDIT_READ);

      const outcome = await applyPullStatement(
        await world.gateway(),
        repositoryRef('payments/api'),
        PULL,
        {
          confirm: async () => {
            world.fake.setPolicy(REGISTRY_ACCOUNT, REGION, 'payments/api', theirs);
            return true;
          },
        },
        world.log,
      );

      assert.equal(outcome.status, 'changed-since-preview');
      assert.equal(outcome.freshPreview.currentText, theirs);
      assert.deepEqual(statementsOf(outcome.freshPreview.mergedText), [AUDIT_READ, PULL]);
      assert.deepEqual(world.writes(), []);
      assert.equal(world.fake.getPolicy(REGISTRY_ACCOUNT, REGION, 'payments/api'), theirs);
    });

    it('an aborted signal cancels before anything is read or written', async function () {
      world.fake.addRepository({ account: REGISTRY_ACCOUNT, region: REGION, name: 'payments/api' });
      const controller = new AbortController();
      controller.abort();

      await rejectsWithAwsError(
        applyPullStatement(
          await world.gateway(),
          repositoryRef('payments/api'),
          PULL,
          { confirm: answering(true).confirm, signal: controller.signal },
          world.log,
        ),
        'cancelled',
        'GetCallerIdentity',
      );
      assert.deepEqual(world.ecrCalls(), []);
    });
  });

  describe('logging', function () {
    it('logs each AWS call with the repository last, and never the secret key', async function () {
      world.fake.addRepository({ account: REGISTRY_ACCOUNT, region: REGION, name: 'payments/api' });

      await apply('payments/api');

      const where = `${REGISTRY_ACCOUNT}/${REGION}/payments/api`;
      assert.ok(world.log.lines.includes('info STS GetCallerIdentity'));
      assert.ok(world.log.lines.includes(`info ECR GetRepositoryPolicy: ${where}`));
      assert.ok(world.log.lines.includes(`info ECR SetRepositoryPolicy: ${where}`));
      assert.ok(world.log.lines.includes(`info Applied repository policy: ${where}`));
      const everything = world.log.lines.join('\n');
      assert.ok(!everything.includes(world.owner.secretAccessKey));
      assert.ok(!everything.includes(world.owner.accessKeyId));
    });
  });
});

describe('applyPullStatement when AWS misbehaves (one fake for the whole suite)', function () {
  const world = useFakeAws({ shareFake: true });
  const seeded: string[] = [];
  let next = 0;

  /** A fresh repository holding someone else's statement, which must survive every fault. */
  function seedRepository(): string {
    const name = `faults/repo-${++next}`;
    world.fake.addRepository({
      account: REGISTRY_ACCOUNT,
      region: REGION,
      name,
      policyText: policyText(CI_PUSH),
    });
    seeded.push(name);
    return name;
  }

  async function apply(repository: string, connection: Partial<AwsConnection> = {}) {
    return applyPullStatement(
      await world.gateway(connection),
      repositoryRef(repository),
      PULL,
      { confirm: answering(true).confirm },
      world.log,
    );
  }

  function storedStatements(repository: string): PolicyStatement[] {
    return statementsOf(world.fake.getPolicy(REGISTRY_ACCOUNT, REGION, repository));
  }

  function assertUntouched(repository: string): void {
    assert.equal(world.fake.getPolicy(REGISTRY_ACCOUNT, REGION, repository), policyText(CI_PUSH));
  }

  after(function () {
    // The fake's final state: not one statement someone else wrote was lost to a fault.
    for (const repository of seeded) {
      const stored = storedStatements(repository);
      assert.deepEqual(stored[0], CI_PUSH, `${repository} lost its existing statement`);
      assert.ok(stored.length <= 2, `${repository}: ${JSON.stringify(stored)}`);
    }
  });

  describe('throttling', function () {
    it('a throttled read is retried and the apply goes through', async function () {
      this.timeout(10_000);
      const repository = seedRepository();
      world.fake.throttle('GetRepositoryPolicy');

      const outcome = await apply(repository, { maxAttempts: 2 });

      assert.equal(outcome.status, 'applied');
      assert.deepEqual(storedStatements(repository), [CI_PUSH, PULL]);
      assert.equal(world.fake.callsTo('GetRepositoryPolicy')[0].errorType, 'ThrottlingException');
      assert.deepEqual(world.fake.pendingFaults(), []);
    });

    it('throttling that outlasts the retries fails with the throttling message', async function () {
      this.timeout(10_000);
      const repository = seedRepository();
      world.fake.throttle('SetRepositoryPolicy', 2);

      const error = await rejectsWithAwsError(
        apply(repository, { maxAttempts: 2 }),
        'throttled',
        'SetRepositoryPolicy',
      );

      assert.equal(
        error.message,
        'AWS is throttling SetRepositoryPolicy requests; nothing was written. ' +
          'Try again in a minute.',
      );
      assert.equal(world.fake.callsTo('SetRepositoryPolicy').length, 2);
      assertUntouched(repository);
    });

    it('throttled STS (its own code) is reported alike, before ECR', async function () {
      const repository = seedRepository();
      world.fake.throttle('GetCallerIdentity');

      const error = await rejectsWithAwsError(apply(repository), 'throttled', 'GetCallerIdentity');

      assert.equal(world.fake.callsTo('GetCallerIdentity')[0].errorType, 'Throttling');
      assert.match(error.message, /nothing was written/);
      assert.deepEqual(world.ecrCalls(), []);
    });
  });

  describe('server errors', function () {
    it('a 500 on the read is retried and the apply goes through', async function () {
      const repository = seedRepository();
      world.fake.serverError('GetRepositoryPolicy');

      const outcome = await apply(repository, { maxAttempts: 2 });

      assert.equal(outcome.status, 'applied');
      assert.deepEqual(storedStatements(repository), [CI_PUSH, PULL]);
      assert.equal(world.fake.callsTo('GetRepositoryPolicy')[0].status, 500);
    });

    it('500s on every write attempt: a service error, and nothing written', async function () {
      const repository = seedRepository();
      world.fake.serverError('SetRepositoryPolicy', 2);

      const error = await rejectsWithAwsError(
        apply(repository, { maxAttempts: 2 }),
        'service',
        'SetRepositoryPolicy',
      );

      assert.match(error.message, /^AWS had an internal error during SetRepositoryPolicy/);
      assert.deepEqual(
        world.fake.callsTo('SetRepositoryPolicy').map((call) => call.status),
        [500, 500],
      );
      assertUntouched(repository);
    });

    it('an STS InternalFailure is a service error before any ECR call', async function () {
      const repository = seedRepository();
      world.fake.serverError('GetCallerIdentity');

      await rejectsWithAwsError(apply(repository), 'service', 'GetCallerIdentity');

      assert.deepEqual(world.ecrCalls(), []);
    });
  });

  describe('access denied', function () {
    it('AccessDenied on the write names the refusal and the permissions', async function () {
      const repository = seedRepository();
      world.fake.denyAccess('SetRepositoryPolicy');

      const error = await rejectsWithAwsError(
        apply(repository),
        'access-denied',
        'SetRepositoryPolicy',
      );

      assert.match(
        error.message,
        new RegExp(
          `^Access denied to SetRepositoryPolicy on repository '${repository}' in account ` +
            `${REGISTRY_ACCOUNT}, region ${REGION}`,
        ),
      );
      assert.match(error.message, /ecr:SetRepositoryPolicy/);
      assertUntouched(repository);
    });

    it('AccessDenied on the read: no write is tried', async function () {
      const repository = seedRepository();
      world.fake.denyAccess('GetRepositoryPolicy');

      await rejectsWithAwsError(apply(repository), 'access-denied', 'GetRepositoryPolicy');

      assert.deepEqual(world.writes(), []);
      assertUntouched(repository);
    });

    it('STS AccessDenied (403) is access-denied too', async function () {
      const repository = seedRepository();
      world.fake.denyAccess('GetCallerIdentity');

      await rejectsWithAwsError(apply(repository), 'access-denied', 'GetCallerIdentity');

      assert.deepEqual(world.ecrCalls(), []);
    });
  });

  describe('expired credentials', function () {
    it('expired keys fail at the identity check with the sign-in message', async function () {
      const repository = seedRepository();
      const expiring = world.fake.addCredentials({
        accessKeyId: `AKIDEXPIRING${next}`,
        account: REGISTRY_ACCOUNT,
      });
      world.fake.expireCredentials(expiring.accessKeyId);
      Object.assign(process.env, credentialVariables(expiring));

      const error = await rejectsWithAwsError(
        apply(repository),
        'credentials',
        'GetCallerIdentity',
      );

      assert.match(
        error.message,
        /^AWS credentials are missing, invalid or expired\. Sign in again/,
      );
      assert.deepEqual(world.ecrCalls(), []);
    });

    it('a session expiring before the write: credentials error, no write', async function () {
      const repository = seedRepository();
      world.fake.expireToken('SetRepositoryPolicy');

      await rejectsWithAwsError(apply(repository), 'credentials', 'SetRepositoryPolicy');

      assert.equal(world.fake.callsTo('SetRepositoryPolicy')[0].errorType, 'ExpiredTokenException');
      assertUntouched(repository);
    });

    it("STS's own 'ExpiredToken' code is a credentials error too", async function () {
      const repository = seedRepository();
      world.fake.expireToken('GetCallerIdentity', 1, { code: 'ExpiredToken' });

      await rejectsWithAwsError(apply(repository), 'credentials', 'GetCallerIdentity');

      assert.deepEqual(world.ecrCalls(), []);
    });
  });

  describe('repository not found', function () {
    it('a missing repository: repository-not-found naming it, no write', async function () {
      const error = await rejectsWithAwsError(
        apply('faults/never-created'),
        'repository-not-found',
        'GetRepositoryPolicy',
      );

      assert.equal(
        error.message,
        `There is no repository 'faults/never-created' in account ${REGISTRY_ACCOUNT}, region ` +
          `${REGION}. Check the image reference, or create the repository first.`,
      );
      assert.deepEqual(world.writes(), []);
    });

    it('a repository deleted before the write: repository-not-found', async function () {
      const repository = seedRepository();
      world.fake.repositoryNotFound('SetRepositoryPolicy');

      await rejectsWithAwsError(apply(repository), 'repository-not-found', 'SetRepositoryPolicy');

      assertUntouched(repository);
    });
  });

  describe('concurrent change', function () {
    it('a policy changed between the read and the write is never overwritten', async function () {
      const repository = seedRepository();
      const theirs = policyText(CI_PUSH, AUDIT_READ);
      world.fake.injectConcurrentChangeAfter('GetRepositoryPolicy', theirs);

      const outcome = await apply(repository);

      assert.equal(outcome.status, 'changed-since-preview');
      assert.equal(outcome.freshPreview.currentText, theirs);
      assert.deepEqual(statementsOf(outcome.freshPreview.mergedText), [CI_PUSH, AUDIT_READ, PULL]);
      assert.deepEqual(world.fake.callsTo('SetRepositoryPolicy'), []);
      assert.equal(world.fake.getPolicy(REGISTRY_ACCOUNT, REGION, repository), theirs);
      assert.ok(world.log.lines.some((line) => line.startsWith('warn Policy changed since')));
    });
  });

  describe('connection reset', function () {
    it('a reset read, no attempts left: network error, nothing written', async function () {
      const repository = seedRepository();
      world.fake.resetConnection('GetRepositoryPolicy');

      const error = await rejectsWithAwsError(apply(repository), 'network', 'GetRepositoryPolicy');

      assert.match(error.message, /^Could not reach AWS for GetRepositoryPolicy \(ECONNRESET\)/);
      assert.deepEqual(world.writes(), []);
      assertUntouched(repository);
    });

    it('a reset write is retried and lands once', async function () {
      const repository = seedRepository();
      world.fake.resetConnection('SetRepositoryPolicy');

      const outcome = await apply(repository, { maxAttempts: 2 });

      assert.equal(outcome.status, 'applied');
      assert.deepEqual(
        world.fake.callsTo('SetRepositoryPolicy').map((call) => call.fault ?? call.status),
        ['reset', 200],
      );
      assert.deepEqual(storedStatements(repository), [CI_PUSH, PULL]);
    });

    it('a reset write, no attempts left: network error, policy intact', async function () {
      const repository = seedRepository();
      world.fake.resetConnection('SetRepositoryPolicy');

      await rejectsWithAwsError(apply(repository), 'network', 'SetRepositoryPolicy');

      assertUntouched(repository);
    });

    it('a reset identity call stops the flow before ECR', async function () {
      const repository = seedRepository();
      world.fake.resetConnection('GetCallerIdentity');

      await rejectsWithAwsError(apply(repository), 'network', 'GetCallerIdentity');

      assert.deepEqual(world.ecrCalls(), []);
    });
  });

  describe('slow responses', function () {
    const quick = { requestTimeoutMs: 150 };

    it('a read slower than the timeout: network error, nothing written', async function () {
      const repository = seedRepository();
      world.fake.delay('GetRepositoryPolicy', 600);

      const error = await rejectsWithAwsError(
        apply(repository, quick),
        'network',
        'GetRepositoryPolicy',
      );

      assert.match(error.message, /^Could not reach AWS for GetRepositoryPolicy \(ETIMEDOUT\)/);
      assert.deepEqual(world.writes(), []);
      assertUntouched(repository);
    });

    it('a slow identity call times out before any ECR call', async function () {
      const repository = seedRepository();
      world.fake.delay('GetCallerIdentity', 600);

      await rejectsWithAwsError(apply(repository, quick), 'network', 'GetCallerIdentity');

      assert.deepEqual(world.ecrCalls(), []);
    });

    it('one slow read is retried and the apply goes through', async function () {
      const repository = seedRepository();
      world.fake.delay('GetRepositoryPolicy', 600);

      const outcome = await apply(repository, { ...quick, maxAttempts: 2 });

      assert.equal(outcome.status, 'applied');
      assert.deepEqual(storedStatements(repository), [CI_PUSH, PULL]);
    });

    it('a write that times out may still land: merged, nothing lost', async function () {
      const repository = seedRepository();
      world.fake.delay('SetRepositoryPolicy', 400);

      await rejectsWithAwsError(apply(repository, quick), 'network', 'SetRepositoryPolicy');

      const [write] = world.fake.callsTo('SetRepositoryPolicy');
      await until(() => write.status !== 0 || write.clientGone === true);
      assert.equal(write.clientGone, true, 'the client had given up');
      assert.deepEqual(storedStatements(repository), [CI_PUSH, PULL]);
    });
  });
});

/** The real gateway, with a fault armed on the fake the moment a write has gone through. */
function armedAfterWrite(gateway: PolicyGateway, arm: () => void): PolicyGateway {
  return {
    callerIdentity: (signal) => gateway.callerIdentity(signal),
    readPolicy: (repository, signal) => gateway.readPolicy(repository, signal),
    async writePolicy(repository, policyText) {
      await gateway.writePolicy(repository, policyText);
      arm();
    },
    async deletePolicy(repository) {
      await gateway.deletePolicy(repository);
      arm();
    },
  };
}

describe('when the write went through but cannot be verified', function () {
  const world = useFakeAws();

  beforeEach(function () {
    world.fake.addRepository({
      account: REGISTRY_ACCOUNT,
      region: REGION,
      name: 'payments/api',
      policyText: policyText(CI_PUSH),
    });
  });

  async function applyArmed(arm: () => void): Promise<PolicyApplyError> {
    const gateway = armedAfterWrite(await world.gateway(), arm);
    return rejectsWithRefusal(
      applyPullStatement(
        gateway,
        repositoryRef('payments/api'),
        PULL,
        { confirm: answering(true).confirm },
        world.log,
      ),
      'verify-failed',
    );
  }

  it('a failed read-back says the policy was written, and keeps the change', async function () {
    const error = await applyArmed(() => world.fake.throttle('GetRepositoryPolicy'));

    const stored = world.fake.getPolicy(REGISTRY_ACCOUNT, REGION, 'payments/api');
    assert.deepEqual(statementsOf(stored), [CI_PUSH, PULL], 'the write did land');
    assert.match(error.message, /^The policy of payments\/api was written, but reading it back/);
    assert.match(error.message, /\(throttled on GetRepositoryPolicy\)/);
    assert.doesNotMatch(error.message, /nothing was written/i);
    assert.equal(error.change?.previousText, policyText(CI_PUSH));
    assert.equal(error.change?.appliedText, stored);
  });

  it('the change a failed read-back keeps can be undone', async function () {
    const error = await applyArmed(() => world.fake.serverError('GetRepositoryPolicy'));
    assert.ok(error.change);

    const outcome = await undoPolicyChange(
      await world.gateway(),
      error.change,
      { confirm: async () => true },
      world.log,
    );

    assert.equal(outcome.status, 'restored');
    assert.equal(
      world.fake.getPolicy(REGISTRY_ACCOUNT, REGION, 'payments/api'),
      policyText(CI_PUSH),
    );
  });

  it('a read-back without our statement keeps the change; undo spares the edit', async function () {
    const theirs = policyText(AUDIT_READ);
    const error = await applyArmed(() =>
      world.fake.setPolicy(REGISTRY_ACCOUNT, REGION, 'payments/api', theirs),
    );
    assert.match(error.message, /does not show statement 'AllowReleasePull'/);
    assert.ok(error.change);

    const outcome = await undoPolicyChange(
      await world.gateway(),
      error.change,
      { confirm: async () => true },
      world.log,
    );

    assert.deepEqual(outcome, { status: 'changed-since-apply', currentText: theirs });
    assert.equal(world.fake.getPolicy(REGISTRY_ACCOUNT, REGION, 'payments/api'), theirs);
  });

  it('a failed read-back after undo says the previous policy was written back', async function () {
    const applied = await applyPullStatement(
      await world.gateway(),
      repositoryRef('payments/api'),
      PULL,
      { confirm: answering(true).confirm },
      world.log,
    );
    assert.equal(applied.status, 'applied');
    const gateway = armedAfterWrite(await world.gateway(), () =>
      world.fake.throttle('GetRepositoryPolicy'),
    );

    const error = await rejectsWithRefusal(
      undoPolicyChange(gateway, applied.change, { confirm: async () => true }, world.log),
      'verify-failed',
    );

    assert.equal(
      world.fake.getPolicy(REGISTRY_ACCOUNT, REGION, 'payments/api'),
      policyText(CI_PUSH),
    );
    assert.match(error.message, /written back, but reading it back to verify failed \(throttled/);
    assert.doesNotMatch(error.message, /nothing was written/i);
  });
});

describe('undoPolicyChange with the SDK gateway and the fake ECR', function () {
  const world = useFakeAws();

  async function applied(repository: string, seed?: string): Promise<AppliedPolicyChange> {
    world.fake.addRepository({
      account: REGISTRY_ACCOUNT,
      region: REGION,
      name: repository,
      policyText: seed,
    });
    const outcome = await applyPullStatement(
      await world.gateway(),
      repositoryRef(repository),
      PULL,
      { confirm: answering(true).confirm },
      world.log,
    );
    assert.equal(outcome.status, 'applied');
    world.fake.clearCalls();
    return outcome.change;
  }

  async function undo(change: AppliedPolicyChange, answer = true) {
    const asked: (string | null)[] = [];
    const outcome: UndoOutcome = await undoPolicyChange(
      await world.gateway(),
      change,
      {
        confirm: async (currentText) => {
          asked.push(currentText);
          return answer;
        },
      },
      world.log,
    );
    return { outcome, asked };
  }

  it('puts back the previous policy text exactly as it was', async function () {
    // Compact and in an unusual key order: undo must restore these very bytes.
    const original = `{"Statement":[${JSON.stringify(CI_PUSH)}],"Version":"2012-10-17"}`;
    const change = await applied('payments/api', original);

    const { outcome, asked } = await undo(change);

    assert.deepEqual(outcome, { status: 'restored', restoredText: original });
    assert.equal(world.fake.getPolicy(REGISTRY_ACCOUNT, REGION, 'payments/api'), original);
    assert.deepEqual(asked, [change.appliedText]);
    assert.equal(world.fake.callsTo('SetRepositoryPolicy')[0].input.policyText, original);
  });

  it('deletes the policy when the repository had none', async function () {
    const change = await applied('payments/api');

    const { outcome } = await undo(change);

    assert.deepEqual(outcome, { status: 'restored', restoredText: null });
    assert.equal(world.fake.getPolicy(REGISTRY_ACCOUNT, REGION, 'payments/api'), undefined);
    assert.equal(world.fake.callsTo('DeleteRepositoryPolicy').length, 1);
    assert.deepEqual(world.fake.callsTo('SetRepositoryPolicy'), []);
  });

  it('is refused when the policy changed after the apply: that edit is kept', async function () {
    const change = await applied('payments/api', policyText(CI_PUSH));
    const edited = policyText(CI_PUSH, PULL, AUDIT_READ);
    world.fake.setPolicy(REGISTRY_ACCOUNT, REGION, 'payments/api', edited);

    const { outcome, asked } = await undo(change);

    assert.deepEqual(outcome, { status: 'changed-since-apply', currentText: edited });
    assert.deepEqual(asked, [], 'nothing to confirm');
    assert.deepEqual(world.writes(), []);
    assert.equal(world.fake.getPolicy(REGISTRY_ACCOUNT, REGION, 'payments/api'), edited);
  });

  it('is refused when the policy changes while the user confirms', async function () {
    const change = await applied('payments/api', policyText(CI_PUSH));
    const edited = policyText(AUDIT_READ);
    world.fake.injectConcurrentChangeAfter('GetRepositoryPolicy', edited);

    const { outcome, asked } = await undo(change);

    assert.deepEqual(outcome, { status: 'changed-since-apply', currentText: edited });
    assert.equal(asked.length, 1);
    assert.deepEqual(world.writes(), []);
    assert.equal(world.fake.getPolicy(REGISTRY_ACCOUNT, REGION, 'payments/api'), edited);
  });

  it('a policy deleted since the apply is a change too: nothing is recreated', async function () {
    const change = await applied('payments/api', policyText(CI_PUSH));
    world.fake.setPolicy(REGISTRY_ACCOUNT, REGION, 'payments/api', undefined);

    const { outcome } = await undo(change);

    assert.deepEqual(outcome, { status: 'changed-since-apply', currentText: null });
    assert.deepEqual(world.writes(), []);
  });

  it('declined: cancelled and nothing written', async function () {
    const change = await applied('payments/api', policyText(CI_PUSH));

    const { outcome } = await undo(change, false);

    assert.deepEqual(outcome, { status: 'cancelled' });
    assert.deepEqual(world.writes(), []);
    assert.deepEqual(statementsOf(world.fake.getPolicy(REGISTRY_ACCOUNT, REGION, 'payments/api')), [
      CI_PUSH,
      PULL,
    ]);
  });

  it('with credentials of another account: wrong-account, no ECR call', async function () {
    const change = await applied('payments/api', policyText(CI_PUSH));
    const clusterKeys = world.fake.addCredentials({
      accessKeyId: 'AKIDCLUSTERUSER',
      account: CLUSTER_ACCOUNT,
    });
    Object.assign(process.env, credentialVariables(clusterKeys));

    await rejectsWithRefusal(undo(change), 'wrong-account');

    assert.deepEqual(world.ecrCalls(), []);
  });
});

describe('credentials from a named profile', function () {
  const world = useFakeAws();

  beforeEach(function () {
    // Only the shared credentials file may provide keys in these tests.
    delete process.env.AWS_ACCESS_KEY_ID;
    delete process.env.AWS_SECRET_ACCESS_KEY;
  });

  it('a profile in the shared credentials file signs every call', async function () {
    const profileKeys = world.fake.addCredentials({
      accessKeyId: 'AKIDPROFILEADMIN',
      account: REGISTRY_ACCOUNT,
    });
    writeSharedCredentials(world.env.credentialsFile, {
      default: world.fake.addCredentials({ accessKeyId: 'AKIDDEFAULT', account: CLUSTER_ACCOUNT }),
      'payments-admin': profileKeys,
    });
    world.fake.addRepository({
      account: REGISTRY_ACCOUNT,
      region: REGION,
      name: 'payments/api',
      policyText: policyText(CI_PUSH),
    });

    const outcome = await applyPullStatement(
      await world.gateway({ profile: 'payments-admin' }),
      repositoryRef('payments/api'),
      PULL,
      { confirm: answering(true).confirm, profile: 'payments-admin' },
      world.log,
    );

    assert.equal(outcome.status, 'applied');
    assert.deepEqual(
      [...new Set(world.fake.calls.map((call) => call.accessKeyId))],
      ['AKIDPROFILEADMIN'],
    );
    assert.ok(world.log.lines.includes('info STS GetCallerIdentity with profile payments-admin'));
  });

  it('a profile of the wrong account is named in the wrong-account message', async function () {
    writeSharedCredentials(world.env.credentialsFile, {
      'cluster-admin': world.fake.addCredentials({
        accessKeyId: 'AKIDCLUSTERADMIN',
        account: CLUSTER_ACCOUNT,
      }),
    });
    world.fake.addRepository({ account: REGISTRY_ACCOUNT, region: REGION, name: 'payments/api' });

    const error = await rejectsWithRefusal(
      applyPullStatement(
        await world.gateway({ profile: 'cluster-admin' }),
        repositoryRef('payments/api'),
        PULL,
        { confirm: answering(true).confirm, profile: 'cluster-admin' },
        world.log,
      ),
      'wrong-account',
    );

    assert.match(error.message, /with profile 'cluster-admin'/);
    assert.deepEqual(world.ecrCalls(), []);
  });

  it('a chosen profile is used alone: keys in the environment do not stand in', async function () {
    const keys = world.fake.addCredentials({
      accessKeyId: 'AKIDENVIRONMENT',
      account: REGISTRY_ACCOUNT,
    });
    process.env.AWS_ACCESS_KEY_ID = keys.accessKeyId;
    process.env.AWS_SECRET_ACCESS_KEY = keys.secretAccessKey;
    world.fake.addRepository({ account: REGISTRY_ACCOUNT, region: REGION, name: 'payments/api' });

    await rejectsWithAwsError(
      applyPullStatement(
        await world.gateway({ profile: 'not-in-any-file' }),
        repositoryRef('payments/api'),
        PULL,
        { confirm: answering(true).confirm, profile: 'not-in-any-file' },
        world.log,
      ),
      'credentials',
      'GetCallerIdentity',
    );
    assert.deepEqual(world.fake.calls, [], 'the environment keys were not used');
  });

  it('a missing profile: the credentials message, nothing sent', async function () {
    writeSharedCredentials(world.env.credentialsFile, {
      default: world.fake.addCredentials({ accessKeyId: 'AKIDDEFAULT', account: REGISTRY_ACCOUNT }),
    });
    world.fake.addRepository({ account: REGISTRY_ACCOUNT, region: REGION, name: 'payments/api' });

    const error = await rejectsWithAwsError(
      applyPullStatement(
        await world.gateway({ profile: 'no-such-profile' }),
        repositoryRef('payments/api'),
        PULL,
        { confirm: answering(true).confirm, profile: 'no-such-profile' },
        world.log,
      ),
      'credentials',
      'GetCallerIdentity',
    );

    assert.match(error.message, /^AWS credentials \(profile 'no-such-profile'\) are missing/);
    assert.match(error.message, /aws sso login --profile no-such-profile/);
    assert.deepEqual(world.fake.calls, [], 'no request without credentials');
  });
});
