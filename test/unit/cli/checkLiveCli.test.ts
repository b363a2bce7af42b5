/**
 * `releasehub-ecr check --live`: the bundled CLI reads each cross-account repository's
 * policy from the loopback fake ECR and reports the verdicts in JSON and in its exit code.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { baseAwsVariables, credentialVariables } from '../../support/awsEnvironment';
import { CliRun, ensureFreshCli, spawnCli } from '../../support/cliBundle';
import { FakeAws, type StaticCredentials } from '../../support/fakeAws';

const GRANTING = JSON.stringify({
  Version: '2012-10-17',
  Statement: [
    {
      Sid: 'AllowReleasePull',
      Effect: 'Allow',
      Principal: { AWS: 'arn:aws:iam::111111111111:root' },
      Action: ['ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer'],
    },
  ],
});
const DENYING = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Sid: 'NoPulls', Effect: 'Deny', Principal: '*', Action: 'ecr:*' }],
});

const TEMPLATE = `services:
  - name: granted
    image: 222222222222.dkr.ecr.us-east-1.amazonaws.com/team/granted:1
  - name: missing
    image: 222222222222.dkr.ecr.us-east-1.amazonaws.com/team/no-policy:1
  - name: denied
    image: 222222222222.dkr.ecr.us-east-1.amazonaws.com/team/denied:1
  - name: again
    image: 222222222222.dkr.ecr.us-east-1.amazonaws.com/team/granted:2
`;

interface LiveFinding {
  service: string;
  severity: string;
  code: string;
  access?: { access: string; reason: string; statements: { sid: string | null }[] };
}

describe('releasehub-ecr check --live (dist/cli.js) against the fake ECR', function () {
  this.timeout(20_000);
  let fake: FakeAws;
  let reader: StaticCredentials;
  let scratch: string;
  let templateFile: string;

  before(async function () {
    this.timeout(180_000);
    await ensureFreshCli();
  });

  beforeEach(async () => {
    fake = new FakeAws();
    await fake.start();
    reader = fake.addCredentials({
      accessKeyId: 'AKIDPOLICYREADER',
      account: '222222222222',
      arn: 'arn:aws:iam::222222222222:user/reader',
    });
    fake.addRepository({
      account: '222222222222',
      region: 'us-east-1',
      name: 'team/granted',
      policyText: GRANTING,
    });
    fake.addRepository({ account: '222222222222', region: 'us-east-1', name: 'team/no-policy' });
    fake.addRepository({
      account: '222222222222',
      region: 'us-east-1',
      name: 'team/denied',
      policyText: DENYING,
    });
    scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'releasehub-live-cli-'));
    templateFile = path.join(scratch, 'template.yaml');
    fs.writeFileSync(templateFile, TEMPLATE);
  });

  afterEach(async () => {
    await fake.stop();
    fs.rmSync(scratch, { recursive: true, force: true });
  });

  function check(extra: readonly string[]): Promise<CliRun> {
    return spawnCli(
      ['check', '--cluster-account', '111111111111', '--cluster-region', 'us-east-1', ...extra],
      {
        PATH: process.env.PATH ?? '',
        HOME: scratch,
        ...baseAwsVariables(scratch),
        ...credentialVariables(reader),
      },
    );
  }

  it('reports granted, not granted and denied with the deciding statements', async () => {
    const run = await check(['--live', '--endpoint', fake.url, '--format', 'json', templateFile]);

    assert.equal(run.status, 1, run.stderr);
    const findings = (JSON.parse(run.stdout) as { findings: LiveFinding[] }).findings;
    const byService = new Map(findings.map((finding) => [finding.service, finding]));
    assert.equal(byService.get('granted')?.severity, 'information');
    assert.equal(byService.get('granted')?.access?.access, 'granted');
    assert.deepEqual(
      byService.get('granted')?.access?.statements.map((s) => s.sid),
      ['AllowReleasePull'],
    );
    assert.equal(byService.get('missing')?.severity, 'error');
    assert.equal(byService.get('missing')?.access?.access, 'not-granted');
    assert.equal(byService.get('denied')?.access?.access, 'denied');
    assert.deepEqual(
      byService.get('denied')?.access?.statements.map((s) => s.sid),
      ['NoPulls'],
    );
  });

  it('reads each repository once, however often the template names it', async () => {
    await check(['--live', '--endpoint', fake.url, '--format', 'json', templateFile]);

    const names = fake
      .callsTo('GetRepositoryPolicy')
      .map((call) => (call.input as { repositoryName: string }).repositoryName)
      .sort();
    assert.deepEqual(names, ['team/denied', 'team/granted', 'team/no-policy']);
  });

  it('exits 0 when every cross-account repository grants the pull', async () => {
    fs.writeFileSync(templateFile, TEMPLATE.split('  - name: missing')[0]);

    const run = await check(['--live', '--endpoint', fake.url, templateFile]);

    assert.equal(run.status, 0, run.stdout + run.stderr);
    assert.match(
      run.stdout,
      /information cross-account .*pull allowed by statement 'AllowReleasePull'/,
    );
  });

  it('keeps the offline finding, with the reason, when AWS cannot be reached', async () => {
    const unreachable = 'http://127.0.0.1:9';
    const run = await check([
      '--live',
      '--endpoint',
      unreachable,
      '--format',
      'json',
      templateFile,
    ]);

    assert.equal(run.status, 1);
    const findings = (JSON.parse(run.stdout) as { findings: LiveFinding[] }).findings;
    assert.ok(findings.every((finding) => finding.severity === 'warning'));
    assert.ok(findings.every((finding) => finding.access?.access === 'failed'));
  });

  it('refuses --endpoint without --live', async () => {
    const run = await check(['--endpoint', fake.url, templateFile]);

    assert.equal(run.status, 2);
    assert.match(run.stderr, /need --live/);
  });
});
