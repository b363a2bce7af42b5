import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { AppliedPolicyChange } from '../../../src/aws/policyApplier';
import { loadBackup, saveBackup } from '../../../src/cli/policyBackups';

/** A backup file's JSON, loosely typed so tests can break it. */
type Backup = { repository: Record<string, unknown> } & Record<string, unknown>;

const CHANGE: AppliedPolicyChange = {
  repository: {
    registryId: '222222222222',
    region: 'us-east-1',
    partition: 'aws',
    repository: 'payments/api',
    fips: false,
    dualStack: false,
  },
  previousText: '{"Version":"2012-10-17","Statement":[]}',
  appliedText: '{"Version":"2012-10-17","Statement":[]}',
  appliedAt: '2026-12-04T12:00:00.000Z',
};

describe('policy backups for undo', () => {
  let folder: string;

  beforeEach(() => {
    folder = fs.mkdtempSync(path.join(os.tmpdir(), 'releasehub-backups-'));
  });

  afterEach(() => {
    fs.rmSync(folder, { recursive: true, force: true });
  });

  /** Saves CHANGE, lets `tamper` edit the JSON, and loads it again. */
  async function tamperedBackup(tamper: (backup: Backup) => unknown) {
    const file = await saveBackup(folder, CHANGE);
    const backup = JSON.parse(fs.readFileSync(file, 'utf8')) as Backup;
    fs.writeFileSync(file, JSON.stringify(tamper(backup)));
    return loadBackup(file);
  }

  it('reads back exactly what was saved, readable only by the user', async () => {
    const file = await saveBackup(folder, CHANGE);

    assert.deepEqual(await loadBackup(file), CHANGE);
    assert.equal(fs.statSync(file).mode & 0o777, 0o600);
  });

  const tampered: [string, (backup: Backup) => unknown, RegExp][] = [
    ['a file holding null', () => null, /unknown format/],
    [
      'an account that is not 12 digits',
      (b) => ({ ...b, repository: { ...b.repository, registryId: '12' } }),
      /registry account/,
    ],
    [
      'a region that is no region',
      (b) => ({ ...b, repository: { ...b.repository, region: 'nowhere' } }),
      /region/,
    ],
    [
      'a repository name ECR would reject',
      (b) => ({ ...b, repository: { ...b.repository, repository: 'Bad/../x' } }),
      /repository name/,
    ],
    [
      'a previous policy that is not a policy',
      (b) => ({ ...b, previousText: '{"Statement": 5}' }),
      /previous policy is not writable/,
    ],
    [
      'a previous policy over the size limit',
      (b) => ({ ...b, previousText: `{"Statement":[],"x":"${'a'.repeat(11_000)}"}` }),
      /limit/,
    ],
  ];
  for (const [title, tamper, message] of tampered) {
    it(`refuses ${title} as not a backup`, async () => {
      await assert.rejects(tamperedBackup(tamper), (error: Error) => {
        assert.match(error.message, /is not a backup written by releasehub-ecr apply/);
        assert.match(error.message, message);
        return true;
      });
    });
  }

  it('derives the partition from the region instead of trusting the file', async () => {
    const loaded = await tamperedBackup((b) => ({
      ...b,
      repository: { ...b.repository, region: 'cn-north-1', partition: 'aws' },
    }));
    assert.equal(loaded.repository.partition, 'aws-cn');
  });
});
