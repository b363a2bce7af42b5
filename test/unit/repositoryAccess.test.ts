import assert from 'node:assert/strict';
import { analyzeTemplate } from '../../src/core/analysis';
import { parseClusterSettings } from '../../src/core/clusterSettings';
import { Finding } from '../../src/core/finding';
import {
  RepositoryAccess,
  assessRepositoryPolicy,
  repositoryKey,
  withRepositoryAccess,
} from '../../src/core/repositoryAccess';

const parsed = parseClusterSettings('111111111111', 'us-east-1');
assert.ok(parsed.ok);
const CLUSTER = parsed.value;
const AT = new Date('2026-12-04T12:00:00Z');

const TEMPLATE = `services:
  - name: api
    image: 222222222222.dkr.ecr.eu-west-1.amazonaws.com/team/api:1
`;

function findings(): Finding[] {
  return [...analyzeTemplate(TEMPLATE, CLUSTER).findings];
}

function accessFor(policy: object | null): RepositoryAccess {
  const text = policy === null ? null : JSON.stringify(policy);
  return assessRepositoryPolicy(text, CLUSTER.principal, { partition: 'aws' }, AT);
}

const GRANT = {
  Version: '2012-10-17',
  Statement: [
    {
      Sid: 'AllowReleasePull',
      Effect: 'Allow',
      Principal: { AWS: 'arn:aws:iam::111111111111:root' },
      Action: ['ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer'],
      Resource: '*',
    },
  ],
};

describe('live repository access applied to findings', () => {
  it('keys repositories by account, region and name', () => {
    const image = findings().find((finding) => finding.image)?.image;
    assert.ok(image);
    assert.equal(repositoryKey(image), '222222222222/eu-west-1/team/api');
  });

  it('turns a granted cross-account finding into information, region mismatch kept', () => {
    const result = withRepositoryAccess(findings(), () => accessFor(GRANT));
    const crossAccount = result.find((finding) => finding.code === 'cross-account');
    const region = result.find((finding) => finding.code === 'region-mismatch');
    assert.equal(crossAccount?.severity, 'information');
    assert.match(crossAccount?.message ?? '', /pull allowed by statement 'AllowReleasePull'/);
    assert.equal(region?.severity, 'error');
  });

  it('carries lint problems of the policy it read', () => {
    const access = accessFor(GRANT);
    assert.equal(access.state, 'checked');
    assert.ok(
      access.state === 'checked' && access.lint.some((problem) => /Resource/.test(problem.message)),
    );
  });

  it('makes a repository without a policy an error saying nothing grants the pull', () => {
    const result = withRepositoryAccess(findings(), () => accessFor(null));
    const crossAccount = result.find((finding) => finding.code === 'cross-account');
    assert.equal(crossAccount?.severity, 'error');
    assert.match(crossAccount?.message ?? '', /Live check: the repository has no policy/);
  });

  it('keeps the offline severity and adds the reason when the check failed', () => {
    const failed: RepositoryAccess = {
      state: 'failed',
      error: 'Access denied.',
      checkedAt: AT.toISOString(),
    };
    const result = withRepositoryAccess(findings(), () => failed);
    const crossAccount = result.find((finding) => finding.code === 'cross-account');
    assert.equal(crossAccount?.severity, 'warning');
    assert.match(crossAccount?.message ?? '', /\(Live check failed: Access denied\.\)$/);
  });

  it('leaves findings alone for repositories not checked yet', () => {
    const before = findings();
    assert.deepEqual(
      withRepositoryAccess(before, () => undefined),
      before,
    );
  });

  it('reports an unreadable policy as a failed check', () => {
    const access = assessRepositoryPolicy('{not json', CLUSTER.principal, { partition: 'aws' }, AT);
    assert.equal(access.state, 'failed');
  });
});
