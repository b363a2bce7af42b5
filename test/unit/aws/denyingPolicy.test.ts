/**
 * An explicit Deny wins over any Allow: where another statement denies the pull, writing our
 * statement helps nothing, and a policy holding it does not grant the pull.
 */
import assert from 'node:assert/strict';
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
const DENY_PULLS = { Sid: 'NoPulls', Effect: 'Deny', Principal: '*', Action: 'ecr:BatchGetImage' };

function registryHolding(statements: object[]) {
  const writes: string[] = [];
  let confirmations = 0;
  const policy = JSON.stringify({ Version: '2012-10-17', Statement: statements });
  const gateway: PolicyGateway = {
    callerIdentity: () =>
      Promise.resolve({ account: '222222222222', arn: 'arn:aws:iam::222222222222:user/admin' }),
    readPolicy: () => Promise.resolve(policy),
    writePolicy: (_repository, text) => {
      writes.push(text);
      return Promise.resolve();
    },
    deletePolicy: () => Promise.resolve(),
  };
  const apply = () =>
    applyPullStatement(
      gateway,
      REPOSITORY,
      PULL,
      {
        confirm: async () => {
          confirmations++;
          return true;
        },
      },
      SILENT_LOG,
    );
  return { apply, writes, confirmations: () => confirmations };
}

function isDeniedByPolicy(error: unknown): boolean {
  assert.ok(error instanceof PolicyApplyError);
  assert.equal(error.kind, 'denied-by-policy');
  assert.match(error.message, /NoPulls/);
  assert.match(error.message, /Nothing was written/);
  return true;
}

describe('applying where another statement denies the pull', () => {
  it('does not call a policy that holds our statement but denies the pull "granted"', async () => {
    const registry = registryHolding([PULL, DENY_PULLS]);

    await assert.rejects(registry.apply(), isDeniedByPolicy);
    assert.deepEqual(registry.writes, []);
  });

  it('refuses before asking when adding our statement would not help', async () => {
    const registry = registryHolding([DENY_PULLS]);

    await assert.rejects(registry.apply(), isDeniedByPolicy);
    assert.equal(registry.confirmations(), 0);
    assert.deepEqual(registry.writes, []);
  });
});
