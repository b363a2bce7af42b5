import * as assert from 'node:assert/strict';
import { buildPullStatement } from '../../src/core/policyBuilder';
import {
  POLICY_TEXT_LIMIT,
  PolicyDocumentError,
  PolicyStatement,
  parsePolicyDocument,
} from '../../src/core/policyDocument';
import { holdsStatement, mergeStatement, samePolicyText } from '../../src/core/policyMerge';

const OURS = buildPullStatement({ kind: 'account', accountId: '111111111111' }, 'aws');

const AUDIT: PolicyStatement = {
  Sid: 'AuditRead',
  Effect: 'Allow',
  Principal: { AWS: ['arn:aws:iam::999999999999:role/auditor', 'arn:aws:iam::888888888888:root'] },
  Action: ['ecr:DescribeImages', 'ecr:ListImages'],
};

const DENY_DELETE: PolicyStatement = {
  Effect: 'Deny',
  NotPrincipal: { AWS: 'arn:aws:iam::222222222222:root' },
  Action: 'ecr:BatchDeleteImage',
  Condition: { StringNotEquals: { 'aws:PrincipalOrgID': 'o-abc123' } },
};

const LAMBDA: PolicyStatement = {
  Sid: 'LambdaECRImageRetrievalPolicy',
  Effect: 'Allow',
  Principal: { Service: 'lambda.amazonaws.com' },
  Action: ['ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer'],
};

function policy(statements: unknown, extra: Record<string, unknown> = {}): string {
  return JSON.stringify({ Version: '2012-10-17', ...extra, Statement: statements }, null, 4);
}

function rejection(text: string): string {
  try {
    mergeStatement(text, OURS);
  } catch (error) {
    assert.ok(
      error instanceof PolicyDocumentError,
      `expected PolicyDocumentError, got ${String(error)}`,
    );
    return error.message;
  }
  assert.fail(`expected ${text} to be rejected`);
}

/** A copy of a statement (or any object) without one of its keys. */
function without(statement: Record<string, unknown>, key: string): Record<string, unknown> {
  const copy = { ...statement };
  delete copy[key];
  return copy;
}

/** Statements as JSON text, so key order inside each statement counts too. */
function serialised(statements: readonly PolicyStatement[]): string[] {
  return statements.map((statement) => JSON.stringify(statement));
}

describe('mergeStatement', () => {
  describe('with no existing policy', () => {
    for (const [name, existing] of [
      ['null', null],
      ['an empty text', ''],
      ['whitespace', ' \n\t'],
    ] as const) {
      it(`creates a policy holding just our statement from ${name}`, () => {
        const merged = mergeStatement(existing, OURS);
        assert.deepEqual(merged.document, { Version: '2012-10-17', Statement: [OURS] });
        assert.equal(merged.changed, true);
        assert.equal(merged.replaced, null);
        assert.equal(merged.exceedsLimit, false);
      });
    }

    it('pretty-prints the result with two spaces and a final newline', () => {
      const { text, document } = mergeStatement(null, OURS);
      assert.equal(text, `${JSON.stringify(document, null, 2)}\n`);
    });

    it('names our Sid on a statement given without one', () => {
      const merged = mergeStatement(null, without(OURS, 'Sid') as PolicyStatement);
      assert.equal(merged.document.Statement[0].Sid, 'AllowReleasePull');
    });
  });

  describe('with an existing policy', () => {
    it('keeps unrelated statements untouched and in order, and appends ours', () => {
      const merged = mergeStatement(policy([AUDIT, DENY_DELETE, LAMBDA]), OURS);
      assert.deepEqual(merged.document.Statement, [AUDIT, DENY_DELETE, LAMBDA, OURS]);
      assert.deepEqual(
        serialised(merged.document.Statement.slice(0, 3)),
        serialised([AUDIT, DENY_DELETE, LAMBDA]),
      );
      assert.equal(merged.changed, true);
      assert.equal(merged.replaced, null);
    });

    it('replaces our Sid in place and reports what it replaced', () => {
      const stale: PolicyStatement = {
        Sid: 'AllowReleasePull',
        Effect: 'Allow',
        Principal: { AWS: 'arn:aws:iam::111111111111:user/old-releasehub' },
        Action: ['ecr:*'],
      };
      const merged = mergeStatement(policy([AUDIT, stale, LAMBDA]), OURS);
      assert.deepEqual(merged.document.Statement, [AUDIT, OURS, LAMBDA]);
      assert.deepEqual(merged.replaced, stale);
      assert.equal(merged.changed, true);
    });

    it('replaces our Sid when it is the first of several statements', () => {
      const stale = { ...OURS, Action: 'ecr:BatchGetImage' };
      const merged = mergeStatement(policy([stale, AUDIT, LAMBDA]), OURS);
      assert.deepEqual(merged.document.Statement, [OURS, AUDIT, LAMBDA]);
    });

    it('changes nothing when our statement is already there', () => {
      const existing = policy([AUDIT, OURS]);
      const merged = mergeStatement(existing, OURS);
      assert.equal(merged.changed, false);
      assert.equal(merged.replaced, null);
      assert.deepEqual(merged.document, JSON.parse(existing));
    });

    it('treats a reordered action list and reordered keys as the same statement', () => {
      const reordered = {
        Action: [
          'ecr:GetDownloadUrlForLayer',
          'ecr:BatchGetImage',
          'ecr:BatchCheckLayerAvailability',
        ],
        Principal: { AWS: 'arn:aws:iam::111111111111:root' },
        Effect: 'Allow',
        Sid: 'AllowReleasePull',
      };
      const merged = mergeStatement(policy([reordered]), OURS);
      assert.equal(merged.changed, false);
      assert.equal(JSON.stringify(merged.document.Statement[0]), JSON.stringify(reordered));
    });

    it('replaces our statement when it grants a different principal', () => {
      const other = { ...OURS, Principal: { AWS: 'arn:aws:iam::111111111111:role/x' } };
      assert.equal(mergeStatement(policy([other]), OURS).changed, true);
    });

    it('accepts a single statement object and returns a statement list', () => {
      const merged = mergeStatement(
        JSON.stringify({ Version: '2012-10-17', Statement: AUDIT }),
        OURS,
      );
      assert.deepEqual(merged.document.Statement, [AUDIT, OURS]);
    });

    it('keeps a 2008-10-17 Version as it is', () => {
      const merged = mergeStatement(
        JSON.stringify({ Version: '2008-10-17', Statement: [LAMBDA] }),
        OURS,
      );
      assert.equal(merged.document.Version, '2008-10-17');
      assert.deepEqual(merged.document.Statement, [LAMBDA, OURS]);
    });

    it('adds the current Version, first, to a policy that has none', () => {
      const merged = mergeStatement(JSON.stringify({ Statement: [LAMBDA] }), OURS);
      assert.deepEqual(Object.keys(merged.document), ['Version', 'Statement']);
      assert.equal(merged.document.Version, '2012-10-17');
    });

    it('keeps an Id and any other top-level keys, in their order', () => {
      const existing = JSON.stringify({
        Statement: [LAMBDA],
        Id: 'team-policy',
        Version: '2012-10-17',
      });
      const merged = mergeStatement(existing, OURS);
      assert.deepEqual(Object.keys(merged.document), ['Statement', 'Id', 'Version']);
      assert.equal(merged.document.Id, 'team-policy');
    });

    it('does not modify the statement it was given', () => {
      const statement = { ...OURS };
      const before = JSON.stringify(statement);
      mergeStatement(policy([AUDIT]), statement);
      assert.equal(JSON.stringify(statement), before);
    });
  });

  describe('idempotence: merging the result again changes nothing', () => {
    const inputs: [string, string | null][] = [
      ['no policy', null],
      ['an empty statement list', policy([])],
      ['unrelated statements', policy([AUDIT, LAMBDA])],
      ['a statement without a Sid', policy([DENY_DELETE])],
      [
        'a stale statement of ours in the middle',
        policy([AUDIT, { ...OURS, Action: 'ecr:*' }, LAMBDA]),
      ],
      ['our statement already in place', policy([OURS])],
      ['a single statement object', JSON.stringify({ Version: '2012-10-17', Statement: LAMBDA })],
      [
        'a single statement object of ours',
        JSON.stringify({ Statement: { ...OURS, Action: 'x' } }),
      ],
      ['a 2008-10-17 policy', JSON.stringify({ Version: '2008-10-17', Statement: [AUDIT] })],
      ['a policy without Version', JSON.stringify({ Statement: [AUDIT] })],
      ['a policy with an Id, Statement first', JSON.stringify({ Statement: [AUDIT], Id: 'x' })],
      ['a wildcard principal', policy([{ ...LAMBDA, Sid: 'Public', Principal: '*' }])],
      ['compact JSON', JSON.stringify({ Version: '2012-10-17', Statement: [AUDIT] })],
    ];
    for (const [name, input] of inputs) {
      it(`holds for ${name}`, () => {
        const once = mergeStatement(input, OURS);
        const twice = mergeStatement(once.text, OURS);
        assert.equal(twice.text, once.text);
        assert.deepEqual(twice.document, once.document);
        assert.equal(twice.changed, false);
        assert.equal(twice.replaced, null);
      });
    }

    it('holds for a role principal in the China partition', () => {
      const statement = buildPullStatement(
        { kind: 'arn', accountId: '111111111111', arn: 'arn:aws-cn:iam::111111111111:role/pull' },
        'aws-cn',
      );
      const once = mergeStatement(policy([AUDIT]), statement);
      assert.equal(mergeStatement(once.text, statement).text, once.text);
    });
  });

  describe('rejecting text that is not a policy document', () => {
    it('rejects invalid JSON and says so', () => {
      assert.match(rejection('{"Version": "2012-10-17", '), /^Policy is not valid JSON: /);
    });

    for (const text of ['[]', '"policy"', '42', 'null', 'true']) {
      it(`rejects the non-object ${text}`, () => {
        assert.equal(rejection(text), 'Policy must be a JSON object with a Statement list.');
      });
    }

    it('rejects a policy with no Statement', () => {
      assert.equal(rejection('{"Version": "2012-10-17"}'), 'Policy has no Statement.');
    });

    it('rejects a statement that is not an object, naming its position', () => {
      assert.equal(rejection(policy([AUDIT, 'ecr:*'])), 'Statement 2 is not a JSON object.');
    });

    it('rejects a null Statement', () => {
      assert.equal(rejection(policy(null)), 'Statement 1 is not a JSON object.');
    });

    it('rejects an Effect other than Allow or Deny, naming the statement by Sid', () => {
      assert.equal(
        rejection(policy([{ ...AUDIT, Effect: 'allow' }])),
        `Statement 'AuditRead' needs Effect "Allow" or "Deny".`,
      );
    });

    it('rejects a missing Effect, naming an unnamed statement by position', () => {
      assert.equal(
        rejection(policy([AUDIT, without(without(LAMBDA, 'Effect'), 'Sid')])),
        `Statement 2 needs Effect "Allow" or "Deny".`,
      );
    });

    it('rejects a statement without a principal', () => {
      assert.equal(
        rejection(policy([without(LAMBDA, 'Principal')])),
        "Statement 'LambdaECRImageRetrievalPolicy' has no Principal; a repository policy needs one.",
      );
    });

    it('rejects a statement without an action', () => {
      assert.equal(
        rejection(policy([without(LAMBDA, 'Action')])),
        "Statement 'LambdaECRImageRetrievalPolicy' has no Action.",
      );
    });

    it('rejects a Sid that is not a string', () => {
      assert.match(rejection(policy([{ ...LAMBDA, Sid: 7 }])), /has a Sid that is not a string\.$/);
    });

    it('rejects duplicate Sids, naming the Sid', () => {
      assert.equal(
        rejection(policy([AUDIT, LAMBDA, { ...AUDIT, Action: 'ecr:ListImages' }])),
        "Policy has more than one statement with Sid 'AuditRead'.",
      );
    });

    it('rejects two statements of ours rather than picking one', () => {
      assert.equal(
        rejection(policy([OURS, { ...OURS, Action: 'ecr:*' }])),
        "Policy has more than one statement with Sid 'AllowReleasePull'.",
      );
    });

    it('rejects a Version that is not a policy language version', () => {
      assert.equal(
        rejection(policy([AUDIT], { Version: '2012-10-18' })),
        'Policy Version must be "2012-10-17" (or the older "2008-10-17"), not "2012-10-18".',
      );
    });

    it('rejects a Version that is not a string', () => {
      assert.match(rejection(policy([AUDIT], { Version: 2012 })), /not 2012\.$/);
    });
  });

  describe('the size limit', () => {
    /** An existing policy whose merge with ours comes out `padding` characters long. */
    function policyMergingTo(length: number): string {
      const withPad = (pad: number) =>
        policy([
          { ...AUDIT, Condition: { StringEquals: { 'aws:PrincipalTag/team': 'x'.repeat(pad) } } },
        ]);
      const base = mergeStatement(withPad(0), OURS).text.length;
      return withPad(length - base);
    }

    it('flags nothing for an ordinary policy', () => {
      assert.equal(mergeStatement(policy([AUDIT, LAMBDA]), OURS).exceedsLimit, false);
    });

    it(`accepts a merged text of exactly ${POLICY_TEXT_LIMIT} characters`, () => {
      const merged = mergeStatement(policyMergingTo(POLICY_TEXT_LIMIT), OURS);
      assert.equal(merged.text.length, POLICY_TEXT_LIMIT);
      assert.equal(merged.exceedsLimit, false);
    });

    it('flags a merged text one character over the limit', () => {
      const merged = mergeStatement(policyMergingTo(POLICY_TEXT_LIMIT + 1), OURS);
      assert.equal(merged.text.length, POLICY_TEXT_LIMIT + 1);
      assert.equal(merged.exceedsLimit, true);
    });

    it('is 10,240 characters, as ECR documents it', () => {
      assert.equal(POLICY_TEXT_LIMIT, 10_240);
    });
  });
});

describe('parsePolicyDocument', () => {
  it('returns the document with its statements as a list', () => {
    const document = parsePolicyDocument(
      JSON.stringify({ Version: '2012-10-17', Statement: AUDIT }),
    );
    assert.deepEqual(document, { Version: '2012-10-17', Statement: [AUDIT] });
  });

  it('throws errors named PolicyDocumentError', () => {
    assert.throws(() => parsePolicyDocument('nope'), { name: 'PolicyDocumentError' });
  });
});

describe('samePolicyText', () => {
  const text = policy([AUDIT, OURS]);

  it('sees the same policy in other whitespace', () => {
    assert.equal(samePolicyText(text, JSON.stringify(JSON.parse(text))), true);
  });

  it('sees the same policy with keys and action lists in another order', () => {
    const reordered = JSON.stringify({
      Statement: [AUDIT, { ...OURS, Action: [...(OURS.Action as string[])].reverse() }],
      Version: '2012-10-17',
    });
    assert.equal(samePolicyText(text, reordered), true);
  });

  it('sees a change of principal', () => {
    const changed = policy([AUDIT, { ...OURS, Principal: { AWS: 'arn:aws:iam::1:root' } }]);
    assert.equal(samePolicyText(text, changed), false);
  });

  it('sees a statement added by someone else', () => {
    assert.equal(samePolicyText(text, policy([AUDIT, OURS, LAMBDA])), false);
  });

  it('treats two missing policies as the same, and a missing one as different', () => {
    assert.equal(samePolicyText(null, null), true);
    assert.equal(samePolicyText(null, text), false);
    assert.equal(samePolicyText(text, null), false);
  });

  it('compares text that does not parse as it is', () => {
    assert.equal(samePolicyText('{oops', '{oops'), true);
    assert.equal(samePolicyText('{oops', '{ oops'), false);
  });
});

describe('holdsStatement', () => {
  it('finds our statement in a merged policy', () => {
    assert.equal(holdsStatement(mergeStatement(policy([AUDIT]), OURS).text, OURS), true);
  });

  it('does not take a stale statement with our Sid for ours', () => {
    assert.equal(holdsStatement(policy([{ ...OURS, Action: 'ecr:*' }]), OURS), false);
  });

  it('does not take the same grant under another Sid for ours', () => {
    assert.equal(holdsStatement(policy([{ ...OURS, Sid: 'Other' }]), OURS), false);
  });

  it('is false for no policy and for text that is not a policy', () => {
    assert.equal(holdsStatement(null, OURS), false);
    assert.equal(holdsStatement('not json', OURS), false);
  });
});

describe('mergeStatement on policies JSON cannot round-trip', () => {
  const ours = {
    Sid: 'AllowReleasePull',
    Effect: 'Allow' as const,
    Principal: { AWS: 'arn:aws:iam::111111111111:root' },
    Action: ['ecr:BatchGetImage'],
  };

  it('refuses a policy with a key written twice, which the merge would drop', () => {
    const text =
      '{"Version":"2012-10-17","Statement":[{"Sid":"Ci","Effect":"Allow","Principal":"*",' +
      '"Action":"ecr:PutImage","Action":"ecr:GetAuthorizationToken"}]}';
    assert.throws(() => mergeStatement(text, ours), /"Action" is written twice/);
  });

  it('refuses a policy with a number JSON would round', () => {
    const text =
      '{"Version":"2012-10-17","Statement":[{"Sid":"Ci","Effect":"Allow","Principal":"*",' +
      '"Action":"ecr:PutImage","Condition":{"NumericEquals":{"x":12345678901234567890123}}}]}';
    assert.throws(() => mergeStatement(text, ours), /12345678901234567890123 has more digits/);
  });

  it('accepts ordinary numbers', () => {
    const text =
      '{"Version":"2012-10-17","Statement":[{"Sid":"Ci","Effect":"Allow","Principal":"*",' +
      '"Action":"ecr:PutImage","Condition":{"NumericLessThan":{"x":1.0,"y":123456789012}}}]}';
    assert.equal(mergeStatement(text, ours).changed, true);
  });
});
