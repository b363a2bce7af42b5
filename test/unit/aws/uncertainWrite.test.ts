/**
 * A write whose answer is lost (timeout, reset, 5xx) may or may not have landed. The flow
 * reads the policy again and decides from what is there, never from the error alone.
 */
import assert from 'node:assert/strict';
import { AwsActionError } from '../../../src/aws/awsErrors';
import { SILENT_LOG } from '../../../src/aws/awsLog';
import { PolicyApplyError, applyPullStatement } from '../../../src/aws/policyApplier';
import { PolicyGateway } from '../../../src/aws/policyGateway';
import { RepositoryRef } from '../../../src/aws/repositoryRef';
import { buildPullStatement } from '../../../src/core/policyBuilder';

const REPOSITORY: RepositoryRef = {
  registryId: '222222222222',
  region: 'us-east-1',
  partition: 'aws',
  repository: 'payments/api',
  fips: false,
  dualStack: false,
};
const PULL = buildPullStatement({ kind: 'account', accountId: '111111111111' }, 'aws');
const EXISTING = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Sid: 'Ci', Effect: 'Allow', Principal: { AWS: '*' }, Action: 'ecr:PutImage' }],
});

/** An in-memory registry whose write fails in the chosen way after (or instead of) storing. */
function registry(write: 'lands-then-times-out' | 'times-out' | 'lands-elsewhere') {
  let stored: string | null = EXISTING;
  const gateway: PolicyGateway = {
    callerIdentity: () =>
      Promise.resolve({ account: '222222222222', arn: 'arn:aws:iam::222222222222:user/admin' }),
    readPolicy: () => Promise.resolve(stored),
    writePolicy: (_repository, policyText) => {
      if (write === 'lands-then-times-out') {
        stored = policyText;
      } else if (write === 'lands-elsewhere') {
        stored = JSON.stringify({ Version: '2012-10-17', Statement: [] });
      }
      return Promise.reject(
        new AwsActionError('network', 'Could not reach AWS (ETIMEDOUT)', 'SetRepositoryPolicy'),
      );
    },
    deletePolicy: () => Promise.resolve(),
  };
  return { gateway, stored: () => stored };
}

function apply(gateway: PolicyGateway) {
  return applyPullStatement(gateway, REPOSITORY, PULL, { confirm: async () => true }, SILENT_LOG);
}

describe('a write whose answer was lost', () => {
  it('counts as applied when reading again shows it landed', async () => {
    const { gateway, stored } = registry('lands-then-times-out');

    const outcome = await apply(gateway);

    assert.equal(outcome.status, 'applied');
    assert.match(stored() ?? '', /AllowReleasePull/);
  });

  it('fails with the original error when the old policy is still in place', async () => {
    const { gateway, stored } = registry('times-out');

    await assert.rejects(apply(gateway), (error: unknown) => {
      assert.ok(error instanceof AwsActionError);
      assert.equal(error.kind, 'network');
      return true;
    });
    assert.equal(stored(), EXISTING);
  });

  it('is a verify failure when the policy now differs from both texts', async () => {
    const { gateway } = registry('lands-elsewhere');

    await assert.rejects(apply(gateway), (error: unknown) => {
      assert.ok(error instanceof PolicyApplyError);
      assert.equal(error.kind, 'verify-failed');
      assert.match(error.message, /differs from both/);
      return true;
    });
  });
});

describe('a merged policy near the size limit', () => {
  it('is written compact when only the compact form fits, and shown pretty', async () => {
    const statements = Array.from({ length: 60 }, (_, index) => ({
      Sid: `TeamPush${index}`,
      Effect: 'Allow',
      Principal: { AWS: `arn:aws:iam::222222222222:role/team-${index}` },
      Action: ['ecr:PutImage'],
    }));
    const existing = JSON.stringify({ Version: '2012-10-17', Statement: statements });
    assert.ok(existing.length < 10_240);
    assert.ok(JSON.stringify(JSON.parse(existing), null, 2).length > 10_240);

    let written = '';
    const gateway: PolicyGateway = {
      callerIdentity: () => Promise.resolve({ account: '222222222222', arn: 'arn' }),
      readPolicy: () => Promise.resolve(written || existing),
      writePolicy: (_repository, policyText) => {
        written = policyText;
        return Promise.resolve();
      },
      deletePolicy: () => Promise.resolve(),
    };
    let shown = '';
    const outcome = await applyPullStatement(
      gateway,
      REPOSITORY,
      PULL,
      {
        confirm: async (preview) => {
          shown = preview.mergedDisplayText;
          return true;
        },
      },
      SILENT_LOG,
    );

    assert.equal(outcome.status, 'applied');
    assert.ok(written.length <= 10_240, `written ${written.length} characters`);
    assert.ok(!written.includes('\n  '), 'written compact');
    assert.match(shown, /\n {2}"Statement"/);
  });
});
