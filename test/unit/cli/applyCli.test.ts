/**
 * `releasehub-ecr apply` and `undo` as users and scripts run them: the bundled dist/cli.js in
 * a child process, judged by exit code, stdout and stderr, and by what the loopback fake ECR
 * received. The child gets a minimal environment: static keys (or none), `--endpoint` at the
 * fake, instance metadata off, and HOME, XDG_STATE_HOME and the AWS shared files in a temp
 * folder. The child is spawned asynchronously: the fake answers it from this process.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import {
  baseAwsVariables,
  credentialVariables,
  writeSharedCredentials,
} from '../../support/awsEnvironment';
import { CliRun, ensureFreshCli, spawnCli } from '../../support/cliBundle';
import { FakeAws, type StaticCredentials } from '../../support/fakeAws';
import { buildPullStatement } from '../../../src/core/policyBuilder';
import { PolicyStatement } from '../../../src/core/policyDocument';

const CLUSTER_ACCOUNT = '111111111111';
const REGISTRY_ACCOUNT = '222222222222';
const REGION = 'us-east-1';
const IMAGE = `${REGISTRY_ACCOUNT}.dkr.ecr.${REGION}.amazonaws.com/payments/api:v7.2.0`;
const CLUSTER = ['--cluster-account', CLUSTER_ACCOUNT];

const PULL = buildPullStatement({ kind: 'account', accountId: CLUSTER_ACCOUNT }, 'aws');
const CI_PUSH: PolicyStatement = {
  Sid: 'AllowCiPush',
  Effect: 'Allow',
  Principal: { AWS: `arn:aws:iam::${REGISTRY_ACCOUNT}:role/ci-publisher` },
  Action: ['ecr:PutImage', 'ecr:UploadLayerPart'],
};
const SEED_POLICY = JSON.stringify({ Version: '2012-10-17', Statement: [CI_PUSH] });

function statementsOf(text: string | undefined): PolicyStatement[] {
  assert.ok(typeof text === 'string', 'expected a stored policy');
  return (JSON.parse(text) as { Statement: PolicyStatement[] }).Statement;
}

describe('releasehub-ecr apply and undo (dist/cli.js) against the fake ECR', function () {
  this.timeout(20_000);
  let fake: FakeAws;
  let owner: StaticCredentials;
  let scratch: string;

  before(async function () {
    this.timeout(180_000);
    await ensureFreshCli();
  });

  beforeEach(async function () {
    fake = new FakeAws();
    await fake.start();
    owner = fake.addCredentials({
      accessKeyId: 'AKIDREGISTRYOWNER',
      account: REGISTRY_ACCOUNT,
      arn: `arn:aws:iam::${REGISTRY_ACCOUNT}:user/platform-admin`,
    });
    scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'releasehub-apply-cli-'));
  });

  afterEach(async function () {
    await fake.stop();
    fs.rmSync(scratch, { recursive: true, force: true });
  });

  function backupFolder(): string {
    return path.join(scratch, 'state', 'releasehub-ecr', 'backups');
  }

  /** Backup files apply wrote to the default folder. */
  function backups(): string[] {
    return fs.existsSync(backupFolder()) ? fs.readdirSync(backupFolder()) : [];
  }

  /**
   * Runs the CLI with `credentials` as static keys in its environment. Nothing AWS-related is
   * inherited, not even the switch that silences the SDK's Node version warning: the CLI must
   * stay quiet on Node 20 by itself.
   */
  async function cli(
    args: readonly string[],
    credentials: StaticCredentials | null = owner,
  ): Promise<CliRun> {
    const run = await spawnCli(args, {
      PATH: process.env.PATH ?? '',
      HOME: scratch,
      XDG_STATE_HOME: path.join(scratch, 'state'),
      ...baseAwsVariables(scratch),
      ...(credentials ? credentialVariables(credentials) : {}),
    });
    assert.doesNotMatch(run.stdout + run.stderr, /NodeVersionSupportWarning|Warning:/);
    return run;
  }

  /** A repository in the registry account, holding SEED_POLICY unless told (null: none). */
  function seedRepository(name: string, policyText: string | null = SEED_POLICY) {
    fake.addRepository({
      account: REGISTRY_ACCOUNT,
      region: REGION,
      name,
      policyText: policyText ?? undefined,
    });
  }

  function storedPolicy(name: string, account = REGISTRY_ACCOUNT): string | undefined {
    return fake.getPolicy(account, REGION, name);
  }

  function writes() {
    return [...fake.callsTo('SetRepositoryPolicy'), ...fake.callsTo('DeleteRepositoryPolicy')];
  }

  /** The backup file named in apply's output. */
  function backupIn(run: CliRun): string {
    const match = /^Previous policy saved to (.+)$/m.exec(run.stdout);
    assert.ok(match, `no backup path in:\n${run.stdout}`);
    return match[1];
  }

  describe('apply', function () {
    it('--dry-run prints a unified diff of current and merged, writes nothing', async function () {
      seedRepository('payments/api');

      const run = await cli(['apply', ...CLUSTER, '--dry-run', '--endpoint', fake.url, IMAGE]);

      assert.equal(run.status, 0, run.stderr);
      assert.equal(run.stderr, '');
      const name = `${REGISTRY_ACCOUNT}/payments/api`;
      assert.match(run.stdout, new RegExp(`^--- ${name} \\(current\\)$`, 'm'));
      assert.match(run.stdout, new RegExp(`^\\+\\+\\+ ${name} \\(merged\\)$`, 'm'));
      assert.match(run.stdout, /^@@ -\d+,\d+ \+\d+,\d+ @@$/m);
      assert.match(run.stdout, /^ {9}"ecr:UploadLayerPart"$/m, 'unchanged lines as context');
      assert.match(run.stdout, /^\+ {6}"Sid": "AllowReleasePull",$/m);
      assert.match(run.stdout, /^\+ {8}"ecr:BatchGetImage",$/m);
      const removed = run.stdout.split('\n').filter((line) => /^-(?!--)/.test(line));
      assert.deepEqual(removed, [], 'a pure addition: no line of the current policy removed');
      assert.match(run.stdout, /Dry run: nothing was written\.\n$/);
      assert.deepEqual(writes(), []);
      assert.equal(storedPolicy('payments/api'), SEED_POLICY);
      assert.deepEqual(backups(), [], 'no backup for a dry run');
    });

    it('without --yes and with no terminal: exit 3 and nothing written', async function () {
      seedRepository('payments/api');

      const run = await cli(['apply', ...CLUSTER, '--endpoint', fake.url, IMAGE]);

      assert.equal(run.status, 3, run.stderr);
      assert.equal(
        run.stderr,
        'Not confirmed: standard input is not a terminal. Re-run with --yes to write.\n',
      );
      assert.match(run.stdout, /Not applied\.\n$/);
      assert.deepEqual(writes(), []);
      assert.equal(storedPolicy('payments/api'), SEED_POLICY);
    });

    it('--yes writes the merged policy, saves a backup and prints how to undo', async function () {
      seedRepository('payments/api');

      const run = await cli(['apply', ...CLUSTER, '--yes', '--endpoint', fake.url, IMAGE]);

      assert.equal(run.status, 0, run.stderr);
      assert.equal(run.stderr, '');
      assert.deepEqual(statementsOf(storedPolicy('payments/api')), [CI_PUSH, PULL]);
      assert.match(
        run.stdout,
        new RegExp(`Applied and verified the policy of ${REGISTRY_ACCOUNT}/${REGION}/payments/api`),
      );
      const backup = backupIn(run);
      assert.equal(path.dirname(backup), backupFolder());
      assert.ok(run.stdout.includes(`Undo with: releasehub-ecr undo ${backup}\n`));
      const saved = JSON.parse(fs.readFileSync(backup, 'utf8')) as Record<string, unknown>;
      assert.equal(saved.previousText, SEED_POLICY);
      assert.equal(saved.appliedText, storedPolicy('payments/api'));
      assert.equal(fs.statSync(backup).mode & 0o777, 0o600, 'the backup is private');
    });

    it('a policy already granting the pull: exit 0, nothing written', async function () {
      seedRepository(
        'payments/api',
        JSON.stringify({ Version: '2012-10-17', Statement: [CI_PUSH, PULL] }),
      );

      const run = await cli(['apply', ...CLUSTER, '--yes', '--endpoint', fake.url, IMAGE]);

      assert.equal(run.status, 0, run.stderr);
      assert.match(run.stdout, /already grants the cluster pull access: nothing to write/);
      assert.deepEqual(writes(), []);
      assert.deepEqual(backups(), []);
    });

    it('keys of the wrong account: exit 4 naming both, no ECR call', async function () {
      seedRepository('payments/api');
      const clusterKeys = fake.addCredentials({
        accessKeyId: 'AKIDCLUSTER',
        account: CLUSTER_ACCOUNT,
      });

      const run = await cli(
        ['apply', ...CLUSTER, '--yes', '--endpoint', fake.url, IMAGE],
        clusterKeys,
      );

      assert.equal(run.status, 4, run.stderr);
      assert.match(run.stderr, new RegExp(`signed in to account ${CLUSTER_ACCOUNT}`));
      assert.match(run.stderr, new RegExp(`belongs to account ${REGISTRY_ACCOUNT}`));
      assert.deepEqual(
        fake.calls.map((call) => call.operation),
        ['GetCallerIdentity'],
      );
      assert.equal(storedPolicy('payments/api'), SEED_POLICY);
    });

    it('policy changed between preview and write: exit 4, edit kept', async function () {
      seedRepository('payments/api');
      const theirs = JSON.stringify({ Version: '2012-10-17', Statement: [] });
      fake.injectConcurrentChangeAfter('GetRepositoryPolicy', theirs);

      const run = await cli(['apply', ...CLUSTER, '--yes', '--endpoint', fake.url, IMAGE]);

      assert.equal(run.status, 4, run.stderr);
      assert.match(run.stderr, /changed after the preview; nothing was written/);
      assert.deepEqual(writes(), []);
      assert.equal(storedPolicy('payments/api'), theirs);
    });

    it('no such repository: exit 5 with the next step, nothing written', async function () {
      const run = await cli(['apply', ...CLUSTER, '--yes', '--endpoint', fake.url, IMAGE]);

      assert.equal(run.status, 5, run.stderr);
      assert.equal(
        run.stderr,
        `releasehub-ecr: There is no repository 'payments/api' in account ${REGISTRY_ACCOUNT}, ` +
          `region ${REGION}. Check the image reference, or create the repository first.\n`,
      );
      assert.deepEqual(writes(), []);
    });

    it('access denied on the write: exit 5, the old policy intact', async function () {
      seedRepository('payments/api');
      fake.denyAccess('SetRepositoryPolicy');

      const run = await cli(['apply', ...CLUSTER, '--yes', '--endpoint', fake.url, IMAGE]);

      assert.equal(run.status, 5, run.stderr);
      assert.match(run.stderr, /^releasehub-ecr: Access denied to SetRepositoryPolicy/);
      assert.equal(storedPolicy('payments/api'), SEED_POLICY);
      assert.deepEqual(backups(), []);
    });

    it('no credentials anywhere: exit 5, credentials message', async function () {
      seedRepository('payments/api');

      const run = await cli(['apply', ...CLUSTER, '--yes', '--endpoint', fake.url, IMAGE], null);

      assert.equal(run.status, 5, run.stderr);
      assert.match(run.stderr, /^releasehub-ecr: AWS credentials are missing, invalid or expired/);
      assert.deepEqual(fake.calls, []);
    });

    it('--profile with keys also in the environment: profile wins, quietly', async function () {
      seedRepository('payments/api');
      const profileKeys = fake.addCredentials({
        accessKeyId: 'AKIDPROFILEADMIN',
        account: REGISTRY_ACCOUNT,
      });
      writeSharedCredentials(path.join(scratch, 'credentials'), { 'payments-admin': profileKeys });
      const args = ['apply', ...CLUSTER, '--profile', 'payments-admin', '--yes'];

      const run = await cli([...args, '--endpoint', fake.url, IMAGE]);

      assert.equal(run.status, 0, run.stderr);
      assert.equal(run.stderr, '', 'nothing from the credential providers reaches stderr');
      assert.deepEqual(
        [...new Set(fake.calls.map((call) => call.accessKeyId))],
        ['AKIDPROFILEADMIN'],
      );
      // The chosen profile is read alone, so the environment's keys are not even considered.
      const verbose = await cli([...args, '--verbose', '--endpoint', fake.url, IMAGE]);
      assert.match(verbose.stderr, /credential-provider-ini - fromIni/);
      assert.doesNotMatch(verbose.stderr, /credential-provider-env/);
    });

    it('a write the read-back does not confirm: exit 5, and the backup is kept', async function () {
      seedRepository('payments/api');
      const theirs = JSON.stringify({ Version: '2012-10-17', Statement: [CI_PUSH] }, null, 1);
      fake.injectConcurrentChangeAfter('SetRepositoryPolicy', theirs);

      const run = await cli(['apply', ...CLUSTER, '--yes', '--endpoint', fake.url, IMAGE]);

      assert.equal(run.status, 5, run.stderr);
      assert.match(run.stderr, /was written, but reading it back does not show/);
      const saved = JSON.parse(fs.readFileSync(backupIn(run), 'utf8')) as Record<string, unknown>;
      assert.equal(saved.previousText, SEED_POLICY);
      assert.equal(storedPolicy('payments/api'), theirs);
    });

    it('a backup folder that cannot be written: exit 2 before any write', async function () {
      seedRepository('payments/api');
      const notAFolder = path.join(scratch, 'backups-is-a-file');
      fs.writeFileSync(notAFolder, '');

      const run = await cli([
        'apply',
        ...CLUSTER,
        '--yes',
        '--backup-dir',
        notAFolder,
        '--endpoint',
        fake.url,
        IMAGE,
      ]);

      assert.equal(run.status, 2, run.stderr);
      assert.match(run.stderr, /^releasehub-ecr: [^\n]*backup[^\n]*\n$/);
      assert.deepEqual(writes(), []);
      assert.equal(storedPolicy('payments/api'), SEED_POLICY);
    });
  });

  describe('undo', function () {
    async function applied(seed: string | null): Promise<string> {
      seedRepository('payments/api', seed);
      const run = await cli(['apply', ...CLUSTER, '--yes', '--endpoint', fake.url, IMAGE]);
      assert.equal(run.status, 0, run.stderr);
      fake.clearCalls();
      return backupIn(run);
    }

    it('undo BACKUP --yes puts the previous policy back exactly', async function () {
      const backup = await applied(SEED_POLICY);

      const run = await cli(['undo', '--yes', '--endpoint', fake.url, backup]);

      assert.equal(run.status, 0, run.stderr);
      assert.equal(storedPolicy('payments/api'), SEED_POLICY);
      assert.match(
        run.stdout,
        new RegExp(`Restored the previous policy of ${REGISTRY_ACCOUNT}/${REGION}/payments/api`),
      );
      assert.match(run.stdout, /^-\s+"Sid": "AllowReleasePull",$/m, 'the diff shows the removal');
    });

    it('undo of a first policy deletes it again', async function () {
      const backup = await applied(null);

      const run = await cli(['undo', '--yes', '--endpoint', fake.url, backup]);

      assert.equal(run.status, 0, run.stderr);
      assert.match(run.stdout, /undo deletes the policy/);
      assert.equal(storedPolicy('payments/api'), undefined);
      assert.equal(fake.callsTo('DeleteRepositoryPolicy').length, 1);
    });

    it('undo without --yes and with no terminal: exit 3, nothing written', async function () {
      const backup = await applied(SEED_POLICY);

      const run = await cli(['undo', '--endpoint', fake.url, backup]);

      assert.equal(run.status, 3, run.stderr);
      assert.deepEqual(writes(), []);
      assert.deepEqual(statementsOf(storedPolicy('payments/api')), [CI_PUSH, PULL]);
    });

    it('undo after someone else changed the policy: exit 4, their edit kept', async function () {
      const backup = await applied(SEED_POLICY);
      const theirs = JSON.stringify({ Version: '2012-10-17', Statement: [PULL] });
      fake.setPolicy(REGISTRY_ACCOUNT, REGION, 'payments/api', theirs);

      const run = await cli(['undo', '--yes', '--endpoint', fake.url, backup]);

      assert.equal(run.status, 4, run.stderr);
      assert.match(run.stderr, /changed since it was applied; undo would lose that edit/);
      assert.deepEqual(writes(), []);
      assert.equal(storedPolicy('payments/api'), theirs);
    });
  });

  describe('apply --all', function () {
    it('applies to each cross-account repository the keys can reach', async function () {
      // examples/ pulls from accounts 222222222222 (three repositories), 333333333333 and
      // 555555555555. The fake maps one access key to one account, so only 222222222222's
      // repositories can be written; the others are refused as the wrong account.
      const ownRepositories = ['payments/api', 'payments/seed-tools', 'platform/config-fetcher'];
      for (const name of ownRepositories) {
        seedRepository(name);
      }
      fake.addRepository({ account: '333333333333', region: 'eu-west-1', name: 'search/indexer' });
      fake.addRepository({
        account: '555555555555',
        region: 'us-west-2',
        name: 'telemetry/collector',
      });

      const run = await cli([
        'apply',
        ...CLUSTER,
        '--all',
        '--yes',
        '--endpoint',
        fake.url,
        'examples',
      ]);

      assert.equal(run.status, 4, `the worst outcome wins; stderr: ${run.stderr}`);
      for (const name of ownRepositories) {
        assert.deepEqual(statementsOf(storedPolicy(name)), [CI_PUSH, PULL], name);
      }
      assert.equal(fake.getPolicy('333333333333', 'eu-west-1', 'search/indexer'), undefined);
      assert.equal(fake.getPolicy('555555555555', 'us-west-2', 'telemetry/collector'), undefined);
      const refusals = run.stderr
        .split('\n')
        .filter((line) => line.includes('Nothing was written'));
      assert.equal(refusals.length, 2, run.stderr);
      assert.ok(refusals.some((line) => line.includes('belongs to account 333333333333')));
      assert.ok(refusals.some((line) => line.includes('belongs to account 555555555555')));
      assert.deepEqual(
        [...new Set(fake.calls.filter((c) => c.service === 'ecr').map((c) => c.registryId))],
        [REGISTRY_ACCOUNT],
        'no ECR call for an account the keys do not belong to',
      );
      assert.equal(fake.callsTo('SetRepositoryPolicy').length, 3);
      assert.equal(backups().length, 3, 'one backup per written policy');
      assert.equal(run.stdout.match(/^== /gm)?.length, 5, 'one section per repository');
      assert.doesNotMatch(run.stdout, /111111111111\.dkr|analytics\/warehouse-api/);
    });
  });

  describe('usage errors: exit 2, one line, no AWS call', function () {
    const cases: [string, (url: string) => string[], RegExp][] = [
      ['no cluster account', (url) => ['apply', '--endpoint', url, IMAGE], /missing --cluster/],
      ['no image', (url) => ['apply', ...CLUSTER, '--endpoint', url], /exactly one IMAGE/],
      [
        'two images',
        (url) => ['apply', ...CLUSTER, '--endpoint', url, IMAGE, IMAGE],
        /exactly one IMAGE/,
      ],
      [
        'both --dry-run and --yes',
        (url) => ['apply', ...CLUSTER, '--dry-run', '--yes', '--endpoint', url, IMAGE],
        /either --dry-run or --yes/,
      ],
      [
        'an endpoint that is not http(s)',
        () => ['apply', ...CLUSTER, '--endpoint', 'file:///etc/passwd', IMAGE],
        /must start with http:\/\/ or https:\/\//,
      ],
      [
        'an image that is not private ECR',
        (url) => ['apply', ...CLUSTER, '--endpoint', url, 'postgres:14.11'],
        /not a private ECR image/,
      ],
      [
        'an unknown option',
        (url) => ['apply', ...CLUSTER, '--force', '--endpoint', url, IMAGE],
        /--force/,
      ],
      [
        '--all without paths',
        (url) => ['apply', ...CLUSTER, '--all', '--endpoint', url],
        /--all needs/,
      ],
      ['undo without a backup', (url) => ['undo', '--endpoint', url], /exactly one BACKUP/],
      [
        'undo of a file that is no backup',
        (url) => ['undo', '--yes', '--endpoint', url, 'package.json'],
        /is not a backup written by releasehub-ecr apply/,
      ],
    ];

    for (const [title, args, message] of cases) {
      it(title, async function () {
        const run = await cli(args(fake.url));

        assert.equal(run.status, 2, run.stderr);
        assert.equal(run.stdout, '');
        assert.match(run.stderr, /^releasehub-ecr: [^\n]+\n$/);
        assert.match(run.stderr, message);
        assert.deepEqual(fake.calls, []);
      });
    }
  });
});
