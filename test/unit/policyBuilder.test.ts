import * as assert from 'node:assert/strict';
import { ClusterPrincipal } from '../../src/core/clusterSettings';
import { Partition } from '../../src/core/partition';
import {
  PULL_ACTIONS,
  PULL_STATEMENT_SID,
  buildPullStatement,
  buildRepositoryPolicy,
  principalArn,
} from '../../src/core/policyBuilder';
import { formatPolicy } from '../../src/core/policyDocument';

const ACCOUNT: ClusterPrincipal = { kind: 'account', accountId: '111111111111' };
const ROLE_ARN = 'arn:aws:iam::111111111111:role/releasehub/puller';
const ROLE: ClusterPrincipal = { kind: 'arn', accountId: '111111111111', arn: ROLE_ARN };

describe('buildRepositoryPolicy', () => {
  it('is the least-privilege pull policy for the account root', () => {
    assert.deepEqual(buildRepositoryPolicy(ACCOUNT, 'aws'), {
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
    });
  });

  it('grants nothing that writes, deletes or reaches beyond the repository', () => {
    const [statement] = buildRepositoryPolicy(ACCOUNT, 'aws').Statement;
    for (const action of statement.Action as string[]) {
      assert.doesNotMatch(action, /Put|Delete|Upload|Set|Create|Tag|Replicate|\*/);
    }
    assert.equal(statement.Resource, undefined);
    assert.equal(statement.Condition, undefined);
  });

  it('names the root of the cluster account in the China partition', () => {
    const [statement] = buildRepositoryPolicy(ACCOUNT, 'aws-cn').Statement;
    assert.deepEqual(statement.Principal, { AWS: 'arn:aws-cn:iam::111111111111:root' });
  });

  it('names the root of the cluster account in the GovCloud partition', () => {
    const [statement] = buildRepositoryPolicy(ACCOUNT, 'aws-us-gov').Statement;
    assert.deepEqual(statement.Principal, { AWS: 'arn:aws-us-gov:iam::111111111111:root' });
  });

  it('uses a configured ARN exactly as given, whatever the partition', () => {
    const partitions: Partition[] = ['aws', 'aws-cn', 'aws-us-gov'];
    for (const partition of partitions) {
      const policy = buildRepositoryPolicy(ROLE, partition);
      assert.deepEqual(policy.Statement[0].Principal, { AWS: ROLE_ARN });
    }
  });

  it('prints byte-for-byte the same text every time', () => {
    const expected = [
      '{',
      '  "Version": "2012-10-17",',
      '  "Statement": [',
      '    {',
      '      "Sid": "AllowReleasePull",',
      '      "Effect": "Allow",',
      '      "Principal": {',
      '        "AWS": "arn:aws:iam::111111111111:root"',
      '      },',
      '      "Action": [',
      '        "ecr:BatchCheckLayerAvailability",',
      '        "ecr:BatchGetImage",',
      '        "ecr:GetDownloadUrlForLayer"',
      '      ]',
      '    }',
      '  ]',
      '}',
      '',
    ].join('\n');
    assert.equal(formatPolicy(buildRepositoryPolicy(ACCOUNT, 'aws')), expected);
    assert.equal(formatPolicy(buildRepositoryPolicy(ACCOUNT, 'aws')), expected);
  });

  it('hands out a fresh action list, so a caller cannot change the next policy', () => {
    const first = buildPullStatement(ACCOUNT, 'aws');
    (first.Action as string[]).push('ecr:PutImage');
    assert.deepEqual(buildPullStatement(ACCOUNT, 'aws').Action, [...PULL_ACTIONS]);
    assert.equal(PULL_ACTIONS.length, 3);
  });

  it('uses the Sid from ReleaseHub guide', () => {
    assert.equal(PULL_STATEMENT_SID, 'AllowReleasePull');
    assert.equal(buildPullStatement(ACCOUNT, 'aws').Sid, PULL_STATEMENT_SID);
  });
});

describe('principalArn', () => {
  it('turns an account into its root ARN in the given partition', () => {
    assert.equal(principalArn(ACCOUNT, 'aws-iso-b'), 'arn:aws-iso-b:iam::111111111111:root');
  });

  it('returns a configured ARN unchanged', () => {
    assert.equal(principalArn(ROLE, 'aws-cn'), ROLE_ARN);
  });
});
