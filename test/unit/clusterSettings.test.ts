import * as assert from 'node:assert/strict';
import {
  parseClusterPrincipal,
  parseClusterRegion,
  parseClusterSettings,
} from '../../src/core/clusterSettings';

describe('parseClusterPrincipal', () => {
  it('accepts a 12-digit account ID', () => {
    assert.deepEqual(parseClusterPrincipal('111111111111'), {
      ok: true,
      value: { kind: 'account', accountId: '111111111111' },
    });
  });

  it('ignores whitespace pasted around the account ID', () => {
    assert.deepEqual(parseClusterPrincipal('  111111111111\n'), {
      ok: true,
      value: { kind: 'account', accountId: '111111111111' },
    });
  });

  it('says how many digits a short account ID has', () => {
    assert.deepEqual(parseClusterPrincipal('11111111111'), {
      ok: false,
      error: "'11111111111' has 11 digits; an AWS account ID has exactly 12",
    });
  });

  const arns = [
    'arn:aws:iam::111111111111:root',
    'arn:aws:iam::111111111111:user/releasehub',
    'arn:aws:iam::111111111111:role/releasehub-puller',
    'arn:aws:iam::111111111111:role/service-role/path/releasehub+pull=1,a.b@c_d',
    'arn:aws-cn:iam::111111111111:user/releasehub',
    'arn:aws-us-gov:iam::111111111111:root',
    'arn:aws-iso-b:iam::111111111111:root',
  ];
  for (const arn of arns) {
    it(`accepts the principal ARN ${arn} and reads its account`, () => {
      assert.deepEqual(parseClusterPrincipal(arn), {
        ok: true,
        value: { kind: 'arn', accountId: '111111111111', arn },
      });
    });
  }

  const notPrincipals = [
    'arn:aws:iam::111111111111:group/admins',
    'arn:aws:sts::111111111111:assumed-role/puller/session',
    'arn:aws:iam::11111111111:root',
    'arn:aws:s3:::bucket',
    'arn:other:iam::111111111111:root',
  ];
  for (const arn of notPrincipals) {
    it(`rejects ${arn} and says what is expected`, () => {
      const parsed = parseClusterPrincipal(arn);
      assert.equal(parsed.ok, false);
      assert.equal(
        !parsed.ok && parsed.error,
        `'${arn}' is not an IAM principal ARN; expected ` +
          'arn:aws:iam::<account>:root, :user/<name> or :role/<name>',
      );
    });
  }

  it('rejects text that is neither an account nor an ARN', () => {
    assert.deepEqual(parseClusterPrincipal('releasehub'), {
      ok: false,
      error: "'releasehub' is neither a 12-digit AWS account ID nor an IAM principal ARN",
    });
  });
});

describe('parseClusterRegion', () => {
  it('accepts a region name', () => {
    assert.deepEqual(parseClusterRegion(' eu-west-1 '), { ok: true, value: 'eu-west-1' });
  });

  it('rejects an availability zone and suggests the form', () => {
    assert.deepEqual(parseClusterRegion('us-east-1a'), {
      ok: false,
      error: "'us-east-1a' is not an AWS region name (expected e.g. us-east-1)",
    });
  });
});

describe('parseClusterSettings', () => {
  it('derives the commercial partition from a commercial region', () => {
    const parsed = parseClusterSettings('111111111111', 'us-east-1');
    assert.deepEqual(parsed, {
      ok: true,
      value: {
        principal: { kind: 'account', accountId: '111111111111' },
        region: 'us-east-1',
        partition: 'aws',
      },
    });
  });

  it('derives aws-cn from a China region', () => {
    const parsed = parseClusterSettings('111111111111', 'cn-northwest-1');
    assert.equal(parsed.ok && parsed.value.partition, 'aws-cn');
  });

  it('derives aws-us-gov from a GovCloud region', () => {
    const parsed = parseClusterSettings('111111111111', 'us-gov-east-1');
    assert.equal(parsed.ok && parsed.value.partition, 'aws-us-gov');
  });

  it('accepts an ARN of the same partition as the region', () => {
    const arn = 'arn:aws-cn:iam::111111111111:role/puller';
    const parsed = parseClusterSettings(arn, 'cn-north-1');
    assert.deepEqual(parsed.ok && parsed.value.principal, {
      kind: 'arn',
      accountId: '111111111111',
      arn,
    });
  });

  it('rejects an ARN whose partition differs from the region', () => {
    assert.deepEqual(parseClusterSettings('arn:aws:iam::111111111111:root', 'cn-north-1'), {
      ok: false,
      error: 'principal ARN is in partition aws but region cn-north-1 is in aws-cn',
    });
  });

  it('reports the principal error before the region error', () => {
    const parsed = parseClusterSettings('123', 'nowhere');
    assert.equal(
      !parsed.ok && parsed.error,
      "'123' has 3 digits; an AWS account ID has exactly 12",
    );
  });

  it('reports a bad region when the principal is fine', () => {
    const parsed = parseClusterSettings('111111111111', 'nowhere');
    assert.equal(
      !parsed.ok && parsed.error,
      "'nowhere' is not an AWS region name (expected e.g. us-east-1)",
    );
  });
});
