// Runs the bundled CLI (dist/cli.js) as users and CI scripts do: a child process, judged by
// its exit code, stdout and stderr. A missing or stale bundle is rebuilt first.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import Ajv from 'ajv-draft-04';
import { CLI, ROOT, ensureFreshCli } from '../support/cliBundle';

const SARIF_SCHEMA = path.join(
  ROOT,
  'node_modules/@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json',
);

const ANALYTICS = 'examples/analytics/deploy/release-template.yml';
const STOREFRONT = 'examples/storefront/.release/application_template.yaml';
const PUBLIC_SHAPES = 'test/fixtures/public-shapes';
const CLUSTER_FLAGS = ['--cluster-account', '111111111111', '--cluster-region', 'us-east-1'];

interface Run {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

interface JsonImage {
  registryId: string;
  region: string;
  partition: string;
  repository: string;
  tag: string | null;
  digest: string | null;
}

interface JsonFinding {
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  severity: string;
  code: string;
  message: string;
  service: string | null;
  image: JsonImage | null;
  policy: unknown;
}

interface JsonReport {
  version: number;
  cluster: { accountId: string; region: string; partition: string; principal: string };
  findings: JsonFinding[];
}

interface SarifLog {
  version: string;
  runs: {
    tool: { driver: { name: string; rules: { id: string }[] } };
    results: {
      ruleId: string;
      level: string;
      message: { text: string };
      locations: {
        physicalLocation: {
          artifactLocation: { uri: string };
          region: { startLine: number; startColumn: number; endLine: number; endColumn: number };
        };
      }[];
    }[];
  }[];
}

/** The environment without any cluster settings of the developer's own. */
function cleanEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env = { ...process.env, ...extra };
  for (const name of ['RELEASEHUB_CLUSTER_ACCOUNT', 'RELEASEHUB_CLUSTER_REGION']) {
    if (!(name in extra)) {
      delete env[name];
    }
  }
  return env;
}

function cli(args: readonly string[], env: Record<string, string> = {}): Run {
  const result = spawnSync(process.execPath, [CLI, ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    env: cleanEnv(env),
    timeout: 30_000,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

function json(args: readonly string[], env: Record<string, string> = {}): JsonReport {
  const run = cli(['check', '--format', 'json', ...args], env);
  assert.equal(run.stderr, '');
  return JSON.parse(run.stdout) as JsonReport;
}

/** Exit code 2 and exactly one line on stderr, nothing on stdout. */
function assertUsageFailure(run: Run, message: RegExp): void {
  assert.equal(run.status, 2, `exit code; stderr: ${run.stderr}`);
  assert.equal(run.stdout, '');
  assert.match(run.stderr, /^releasehub-ecr: [^\n]+\n$/);
  assert.match(run.stderr, message);
}

const PULL_POLICY = {
  Version: '2012-10-17',
  Statement: [
    {
      Sid: 'AllowReleasePull',
      Effect: 'Allow',
      Principal: { AWS: 'arn:aws:iam::111111111111:root' },
      Action: [
        'ecr:BatchCheckLayerAvailability',
        'ecr:BatchGetImage',
        'ecr:GetDownloadUrlForLayer',
      ],
    },
  ],
};

describe('releasehub-ecr CLI (dist/cli.js)', function () {
  this.timeout(30_000);
  let scratch: string;

  /** Writes a template into a scratch folder and returns its path. */
  function template(name: string, text: string): string {
    const file = path.join(scratch, name);
    fs.writeFileSync(file, text);
    return file;
  }

  before(async function () {
    // A bundle older than its sources is rebuilt rather than tested.
    this.timeout(180_000);
    await ensureFreshCli();
    scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'releasehub-cli-test-'));
  });

  after(() => {
    fs.rmSync(scratch, { recursive: true, force: true });
  });

  describe('check --format json on examples/', () => {
    let report: JsonReport;
    before(() => {
      report = json([...CLUSTER_FLAGS, 'examples']);
    });

    it('states the contract version and the cluster it checked against', () => {
      assert.equal(report.version, 1);
      assert.deepEqual(report.cluster, {
        accountId: '111111111111',
        region: 'us-east-1',
        partition: 'aws',
        principal: 'arn:aws:iam::111111111111:root',
      });
    });

    it('reports exactly these findings, at the image values', () => {
      const actual = report.findings.map((finding) => [
        finding.file,
        finding.line,
        finding.column,
        finding.severity,
        finding.code,
        finding.service,
      ]);
      assert.deepEqual(actual, [
        [ANALYTICS, 15, 12, 'warning', 'region-mismatch', 'warehouse-api'],
        [ANALYTICS, 20, 12, 'warning', 'cross-account', 'collector'],
        [ANALYTICS, 20, 12, 'error', 'region-mismatch', 'collector'],
        [ANALYTICS, 26, 16, 'warning', 'cross-account', 'metrics'],
        [ANALYTICS, 31, 12, 'information', 'unresolved-image', 'exporter'],
        [STOREFRONT, 42, 13, 'warning', 'cross-account', 'payments'],
        [STOREFRONT, 52, 12, 'warning', 'cross-account', 'search'],
        [STOREFRONT, 52, 12, 'error', 'region-mismatch', 'search'],
        [STOREFRONT, 59, 12, 'error', 'invalid-ecr-image', 'recommendations'],
        [STOREFRONT, 77, 12, 'warning', 'cross-account', 'seed-catalog'],
      ]);
    });

    it('spans each image value exactly, inside quotes and at an alias', () => {
      const spans = report.findings.map((finding) => {
        assert.equal(finding.endLine, finding.line);
        const line = fs.readFileSync(path.join(ROOT, finding.file), 'utf8').split('\n')[
          finding.line - 1
        ];
        return line.slice(finding.column - 1, finding.endColumn - 1);
      });
      assert.deepEqual(spans, [
        '111111111111.dkr.ecr.us-west-2.amazonaws.com/analytics/warehouse-api:${env_id}',
        '*collector_image',
        '*collector_image',
        '222222222222.dkr.ecr.us-east-1.amazonaws.com/platform/config-fetcher:0.9',
        '${EXPORTER_REGISTRY}/analytics/exporter:1.2',
        '222222222222.dkr.ecr.us-east-1.amazonaws.com/payments/api:v7.2.0',
        '333333333333.dkr.ecr.eu-west-1.amazonaws.com/search/indexer@sha256:' +
          '4a5b6c7d8e9f00112233445566778899aabbccddeeff00112233445566778899',
        '333333333333.dkr.ecr.eu-west-1.amazonaws.com/search/indexer@sha256:' +
          '4a5b6c7d8e9f00112233445566778899aabbccddeeff00112233445566778899',
        '44444444444.dkr.ecr.us-east-1.amazonaws.com/recs/model-server:1.0',
        '222222222222.dkr.ecr.us-east-1.amazonaws.com/payments/seed-tools:latest',
      ]);
    });

    it('sets the pull policy on cross-account findings and only there', () => {
      for (const finding of report.findings) {
        assert.deepEqual(finding.policy, finding.code === 'cross-account' ? PULL_POLICY : null);
      }
    });

    it('describes the parsed image of valid ECR references', () => {
      const search = report.findings.find((finding) => finding.service === 'search');
      assert.deepEqual(search?.image, {
        registryId: '333333333333',
        region: 'eu-west-1',
        partition: 'aws',
        repository: 'search/indexer',
        tag: null,
        digest: 'sha256:4a5b6c7d8e9f00112233445566778899aabbccddeeff00112233445566778899',
      });
    });

    it('gives no image for malformed and unresolved references', () => {
      const withoutImage = report.findings.filter((finding) => finding.image === null);
      assert.deepEqual(
        withoutImage.map((finding) => finding.code),
        ['unresolved-image', 'invalid-ecr-image'],
      );
    });

    it('says exactly what is wrong with a malformed reference', () => {
      const invalid = report.findings.find((finding) => finding.code === 'invalid-ecr-image');
      assert.equal(
        invalid?.message,
        "Invalid ECR image for service 'recommendations': registry account '44444444444' has " +
          '11 digits; an AWS account ID has 12.',
      );
    });

    it('lists findings for the same template files when they are named one by one', () => {
      const byFile = json([...CLUSTER_FLAGS, ANALYTICS, STOREFRONT]);
      assert.deepEqual(byFile, report);
    });
  });

  describe('exit codes', () => {
    it('exits 1 when there are warnings or errors', () => {
      assert.equal(cli(['check', ...CLUSTER_FLAGS, 'examples']).status, 1);
    });

    it('exits 1 on a warning alone', () => {
      const file = template(
        'warning.yaml',
        'services:\n  - name: a\n    image: 111111111111.dkr.ecr.us-west-2.amazonaws.com/app:1\n',
      );
      const run = cli(['check', ...CLUSTER_FLAGS, file]);
      assert.equal(run.status, 1);
      assert.match(run.stdout, / warning region-mismatch /);
    });

    it('exits 0 when every finding is information', () => {
      const file = template(
        'information.yaml',
        'services:\n  - name: a\n    image: ${REGISTRY}/app:1\n',
      );
      const run = cli(['check', ...CLUSTER_FLAGS, file]);
      assert.equal(run.status, 0);
      assert.match(run.stdout, / information unresolved-image /);
    });

    it('exits 0 with no findings on templates in the shapes of public examples', () => {
      const files = fs
        .readdirSync(path.join(ROOT, PUBLIC_SHAPES))
        .map((name) => `${PUBLIC_SHAPES}/${name}`);
      const run = cli(['check', '--format', 'json', ...CLUSTER_FLAGS, ...files]);
      assert.equal(run.status, 0);
      assert.deepEqual((JSON.parse(run.stdout) as JsonReport).findings, []);
    });

    it('exits 1 on a template that is not valid YAML, and reports where', () => {
      const file = template(
        'broken.yaml',
        'services:\n  - name: a\n    image: postgres:14\n  - name: b\n\timage: redis\n',
      );
      const report = json([...CLUSTER_FLAGS, file]);
      assert.equal(cli(['check', ...CLUSTER_FLAGS, file]).status, 1);
      assert.deepEqual(
        report.findings.map((finding) => [
          finding.code,
          finding.severity,
          finding.line,
          finding.column,
        ]),
        [['invalid-yaml', 'error', 5, 1]],
      );
      assert.equal(report.findings[0].service, null);
      assert.equal(report.findings[0].image, null);
    });

    it('exits 0 for an empty template', () => {
      assert.equal(cli(['check', ...CLUSTER_FLAGS, template('empty.yaml', '')]).status, 0);
    });
  });

  describe('usage errors and unreadable input: exit 2 with one line on stderr', () => {
    it('for no command', () => {
      assertUsageFailure(cli([]), /no command given/);
    });

    it('for an unknown command', () => {
      assertUsageFailure(cli(['lint', 'x.yaml']), /unknown command 'lint'/);
    });

    it('for an unknown option', () => {
      assertUsageFailure(cli(['check', ...CLUSTER_FLAGS, '--strict', ANALYTICS]), /--strict/);
    });

    it('for a missing region', () => {
      assertUsageFailure(
        cli(['check', '--cluster-account', '111111111111', ANALYTICS]),
        /missing --cluster-region \(or RELEASEHUB_CLUSTER_REGION\)/,
      );
    });

    it('for a missing account', () => {
      assertUsageFailure(
        cli(['check', '--cluster-region', 'us-east-1', ANALYTICS]),
        /missing --cluster-account or --cluster-principal/,
      );
    });

    it('for both an account and a principal', () => {
      const run = cli([
        'check',
        ...CLUSTER_FLAGS,
        '--cluster-principal',
        'arn:aws:iam::111111111111:root',
        ANALYTICS,
      ]);
      assertUsageFailure(run, /either --cluster-account or --cluster-principal, not both/);
    });

    it('for an account ID with the wrong number of digits', () => {
      const run = cli([
        'check',
        '--cluster-account',
        '1111',
        '--cluster-region',
        'us-east-1',
        ANALYTICS,
      ]);
      assertUsageFailure(run, /'1111' has 4 digits/);
    });

    it('for a region that is not a region', () => {
      const run = cli([
        'check',
        '--cluster-account',
        '111111111111',
        '--cluster-region',
        'virginia',
        ANALYTICS,
      ]);
      assertUsageFailure(run, /'virginia' is not an AWS region name/);
    });

    it('for an ARN from another partition than the region', () => {
      const run = cli([
        'check',
        '--cluster-principal',
        'arn:aws:iam::111111111111:root',
        '--cluster-region',
        'cn-north-1',
        ANALYTICS,
      ]);
      assertUsageFailure(run, /partition aws but region cn-north-1 is in aws-cn/);
    });

    it('for an unknown format', () => {
      assertUsageFailure(
        cli(['check', ...CLUSTER_FLAGS, '--format', 'xml', ANALYTICS]),
        /unknown --format 'xml' \(use text, json or sarif\)/,
      );
    });

    it('for no template', () => {
      assertUsageFailure(cli(['check', ...CLUSTER_FLAGS]), /no template file or folder given/);
    });

    it('for a file that does not exist', () => {
      assertUsageFailure(
        cli(['check', ...CLUSTER_FLAGS, ANALYTICS, 'missing/template.yaml']),
        /^releasehub-ecr: cannot read missing\/template\.yaml: no such file or folder/,
      );
    });

    it('for a folder without any ReleaseHub template', () => {
      const empty = fs.mkdtempSync(path.join(scratch, 'empty-'));
      assertUsageFailure(
        cli(['check', ...CLUSTER_FLAGS, empty]),
        /no ReleaseHub application template found under/,
      );
    });

    it('prints nothing on stdout even with --format json', () => {
      const run = cli(['check', '--format', 'json', ...CLUSTER_FLAGS, 'nope.yaml']);
      assertUsageFailure(run, /cannot read nope\.yaml/);
    });
  });

  describe('cluster settings from the environment', () => {
    it('reads the account and region from RELEASEHUB_CLUSTER_ACCOUNT and _REGION', () => {
      const report = json([STOREFRONT], {
        RELEASEHUB_CLUSTER_ACCOUNT: '222222222222',
        RELEASEHUB_CLUSTER_REGION: 'us-east-1',
      });
      assert.equal(report.cluster.accountId, '222222222222');
      assert.deepEqual(
        report.findings.map((finding) => [finding.code, finding.service]),
        [
          ['cross-account', 'cart'],
          ['cross-account', 'search'],
          ['region-mismatch', 'search'],
          ['invalid-ecr-image', 'recommendations'],
        ],
      );
    });

    it('accepts a principal ARN in RELEASEHUB_CLUSTER_ACCOUNT', () => {
      const arn = 'arn:aws:iam::111111111111:user/releasehub';
      const report = json([STOREFRONT], {
        RELEASEHUB_CLUSTER_ACCOUNT: arn,
        RELEASEHUB_CLUSTER_REGION: 'us-east-1',
      });
      assert.equal(report.cluster.principal, arn);
    });

    it('lets flags win over the environment', () => {
      const report = json([...CLUSTER_FLAGS, STOREFRONT], {
        RELEASEHUB_CLUSTER_ACCOUNT: '999999999999',
        RELEASEHUB_CLUSTER_REGION: 'eu-west-1',
      });
      assert.equal(report.cluster.accountId, '111111111111');
      assert.equal(report.cluster.region, 'us-east-1');
    });

    it('combines a region from the environment with an account flag', () => {
      const report = json(['--cluster-account', '111111111111', STOREFRONT], {
        RELEASEHUB_CLUSTER_REGION: 'eu-west-1',
      });
      assert.equal(report.cluster.region, 'eu-west-1');
    });

    it('fails with exit 2 when the environment holds a bad account', () => {
      const run = cli(['check', STOREFRONT], {
        RELEASEHUB_CLUSTER_ACCOUNT: 'nobody',
        RELEASEHUB_CLUSTER_REGION: 'us-east-1',
      });
      assertUsageFailure(run, /'nobody' is neither a 12-digit AWS account ID nor/);
    });
  });

  describe('--cluster-principal', () => {
    const arn = 'arn:aws:iam::111111111111:role/releasehub/cluster-puller';

    it('reports the ARN as the cluster principal and grants exactly it', () => {
      const report = json([
        '--cluster-principal',
        arn,
        '--cluster-region',
        'us-east-1',
        STOREFRONT,
      ]);
      assert.equal(report.cluster.accountId, '111111111111');
      assert.equal(report.cluster.principal, arn);
      const crossAccount = report.findings.find((finding) => finding.code === 'cross-account');
      assert.deepEqual(crossAccount?.policy, {
        ...PULL_POLICY,
        Statement: [{ ...PULL_POLICY.Statement[0], Principal: { AWS: arn } }],
      });
    });
  });

  describe('check --format text', () => {
    it('prints file:line:col severity code message, then a summary', () => {
      const lines = cli(['check', ...CLUSTER_FLAGS, 'examples'])
        .stdout.trimEnd()
        .split('\n');
      assert.equal(lines.length, 11);
      assert.equal(
        lines[0],
        `${ANALYTICS}:15:12 warning region-mismatch Repository 'analytics/warehouse-api' is in ` +
          'region us-west-2, but the cluster runs in us-east-1: every pull crosses regions. ' +
          'Consider replicating the image to us-east-1.',
      );
      for (const line of lines.slice(0, 10)) {
        assert.match(line, /^[^:]+:\d+:\d+ (error|warning|information) [a-z-]+ \S.*$/);
      }
      assert.equal(lines[10], '2 templates checked: 3 error(s), 6 warning(s), 1 information');
    });

    it('prints only the summary for a clean template', () => {
      const run = cli(['check', ...CLUSTER_FLAGS, `${PUBLIC_SHAPES}/fullstack-web.yaml`]);
      assert.equal(run.stdout, '1 template checked: 0 error(s), 0 warning(s), 0 information\n');
    });

    it('is the default format', () => {
      const explicit = cli(['check', '--format', 'text', ...CLUSTER_FLAGS, 'examples']);
      assert.equal(cli(['check', ...CLUSTER_FLAGS, 'examples']).stdout, explicit.stdout);
    });
  });

  describe('check --format sarif', () => {
    let run: Run;
    let log: SarifLog;
    before(() => {
      run = cli(['check', '--format', 'sarif', ...CLUSTER_FLAGS, 'examples']);
      log = JSON.parse(run.stdout) as SarifLog;
    });

    it('validates against the SARIF 2.1.0 schema', () => {
      const schema = JSON.parse(fs.readFileSync(SARIF_SCHEMA, 'utf8')) as object;
      // The schema's language pattern is not valid with the `u` flag Ajv uses by default.
      const ajv = new Ajv({
        strict: false,
        validateFormats: false,
        allErrors: true,
        unicodeRegExp: false,
      });
      const validate = ajv.compile(schema);
      const valid = validate(log);
      assert.equal(valid, true, ajv.errorsText(validate.errors));
      assert.equal(log.version, '2.1.0');
    });

    it('exits like the other formats', () => {
      assert.equal(run.status, 1);
      assert.equal(run.stderr, '');
    });

    it('has one result per finding, with the same rule, level and position', () => {
      const { findings } = json([...CLUSTER_FLAGS, 'examples']);
      const levels: Record<string, string> = {
        error: 'error',
        warning: 'warning',
        information: 'note',
      };
      const results = log.runs[0].results.map((result) => {
        const { artifactLocation, region } = result.locations[0].physicalLocation;
        return [
          result.ruleId,
          result.level,
          artifactLocation.uri,
          region.startLine,
          region.startColumn,
        ];
      });
      assert.deepEqual(
        results,
        findings.map((finding) => [
          finding.code,
          levels[finding.severity],
          finding.file,
          finding.line,
          finding.column,
        ]),
      );
    });

    it('declares every rule a result refers to', () => {
      const declared = new Set(log.runs[0].tool.driver.rules.map((rule) => rule.id));
      for (const result of log.runs[0].results) {
        assert.ok(declared.has(result.ruleId), `rule ${result.ruleId} is not declared`);
      }
    });
  });

  describe('policy', () => {
    it('prints the pull policy for an image in another account', () => {
      const run = cli([
        'policy',
        '--cluster-account',
        '111111111111',
        '222222222222.dkr.ecr.us-east-1.amazonaws.com/payments/api:v7',
      ]);
      assert.equal(run.status, 0);
      assert.equal(run.stderr, '');
      assert.equal(run.stdout, `${JSON.stringify(PULL_POLICY, null, 2)}\n`);
    });

    it('names an aws-cn principal for an image in China', () => {
      const run = cli([
        'policy',
        '--cluster-account',
        '111111111111',
        '222222222222.dkr.ecr.cn-north-1.amazonaws.com.cn/payments/api:v7',
      ]);
      assert.equal(run.status, 0);
      assert.deepEqual((JSON.parse(run.stdout) as typeof PULL_POLICY).Statement[0].Principal, {
        AWS: 'arn:aws-cn:iam::111111111111:root',
      });
    });

    it('names an aws-us-gov principal for an image in GovCloud', () => {
      const run = cli([
        'policy',
        '--cluster-account',
        '111111111111',
        '222222222222.dkr.ecr.us-gov-west-1.amazonaws.com/payments/api:v7',
      ]);
      assert.deepEqual((JSON.parse(run.stdout) as typeof PULL_POLICY).Statement[0].Principal, {
        AWS: 'arn:aws-us-gov:iam::111111111111:root',
      });
    });

    it('grants a configured principal ARN exactly', () => {
      const arn = 'arn:aws:iam::111111111111:user/releasehub';
      const run = cli([
        'policy',
        '--cluster-principal',
        arn,
        '222222222222.dkr.ecr.us-east-1.amazonaws.com/payments/api:v7',
      ]);
      assert.deepEqual((JSON.parse(run.stdout) as typeof PULL_POLICY).Statement[0].Principal, {
        AWS: arn,
      });
    });

    it('reads the account from RELEASEHUB_CLUSTER_ACCOUNT', () => {
      const run = cli(['policy', '222222222222.dkr.ecr.us-east-1.amazonaws.com/payments/api'], {
        RELEASEHUB_CLUSTER_ACCOUNT: '111111111111',
      });
      assert.equal(run.stdout, `${JSON.stringify(PULL_POLICY, null, 2)}\n`);
    });

    it('refuses an image that is not in private ECR', () => {
      const run = cli(['policy', '--cluster-account', '111111111111', 'postgres:14']);
      assertUsageFailure(run, /'postgres:14' is not a private ECR image; no policy applies/);
    });

    it('refuses a malformed ECR image and says what is wrong', () => {
      const run = cli([
        'policy',
        '--cluster-account',
        '111111111111',
        '22222222222.dkr.ecr.us-east-1.amazonaws.com/payments/api',
      ]);
      assertUsageFailure(run, /invalid ECR image: registry account '22222222222' has 11 digits/);
    });

    it('refuses an image whose registry is interpolated', () => {
      const run = cli(['policy', '--cluster-account', '111111111111', '${REGISTRY}/api']);
      assertUsageFailure(run, /hidden by \$\{REGISTRY\}/);
    });

    it('needs exactly one image', () => {
      assertUsageFailure(
        cli(['policy', '--cluster-account', '111111111111']),
        /policy takes exactly one IMAGE/,
      );
    });

    it('needs the cluster account', () => {
      assertUsageFailure(
        cli(['policy', '222222222222.dkr.ecr.us-east-1.amazonaws.com/payments/api']),
        /missing --cluster-account or --cluster-principal/,
      );
    });
  });

  describe('help', () => {
    it('prints usage on stdout and exits 0', () => {
      const run = cli(['--help']);
      assert.equal(run.status, 0);
      assert.match(run.stdout, /^Usage:/);
      assert.match(run.stdout, /releasehub-ecr check/);
    });
  });

  describe('text output of hostile templates', () => {
    it('escapes control characters, so a template cannot rewrite the terminal or add lines', () => {
      const file = template(
        'hostile.yaml',
        [
          'services:',
          '  - name: "a\\e[31mRED\\nfake.yaml:1:1 information forged"',
          '    image: "44444444444.dkr.ecr.us-east-1.amazonaws.com/x/y:1"',
          '  - name: b',
          '    image: "${X\\r\\e[2K\\e]0;t\\a}/x/y:1"',
          '',
        ].join('\n'),
      );

      const run = cli(['check', ...CLUSTER_FLAGS, file]);

      assert.doesNotMatch(run.stdout, /[\u0000-\u0009\u000b-\u001f\u007f]/);
      assert.match(run.stdout, /a\\x1b\[31mRED\\x0afake\.yaml/);
      assert.match(run.stdout, /\$\{X\\x0d\\x1b\[2K\\x1b\]0;t\\x07\}/);
      const findingLines = run.stdout.split('\n').filter((line) => line.startsWith(file));
      assert.equal(findingLines.length, 2);
    });
  });
});
