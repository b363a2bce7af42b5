import * as assert from 'node:assert/strict';
import { ClusterPrincipal } from '../../src/core/clusterSettings';
import { buildRepositoryPolicy } from '../../src/core/policyBuilder';
import { POLICY_TEXT_LIMIT, formatPolicy } from '../../src/core/policyDocument';
import { PolicyLintProblem, lintRepositoryPolicy } from '../../src/core/policyLint';

const ACCOUNT_ID = '111111111111';
const ROOT = `arn:aws:iam::${ACCOUNT_ID}:root`;
const USER_ARN = `arn:aws:iam::${ACCOUNT_ID}:user/releasehub`;
const BY_ACCOUNT: ClusterPrincipal = { kind: 'account', accountId: ACCOUNT_ID };
const BY_USER: ClusterPrincipal = { kind: 'arn', accountId: ACCOUNT_ID, arn: USER_ARN };
const PULL = ['ecr:BatchCheckLayerAvailability', 'ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer'];
const PULL_NEEDS = 'a pull needs only ecr:BatchGetImage and ecr:GetDownloadUrlForLayer.';

function policyText(...statements: unknown[]): string {
  return JSON.stringify({ Version: '2012-10-17', Statement: statements }, null, 2);
}

function pullStatement(sid: string, principal: unknown, extra = {}): Record<string, unknown> {
  return { Sid: sid, Effect: 'Allow', Principal: principal, Action: PULL, ...extra };
}

/** The problems as `[code, severity, message]`, for one-line expectations. */
function lint(text: string, principal: ClusterPrincipal | null = BY_ACCOUNT): string[][] {
  return lintRepositoryPolicy(text, principal).map((problem) => [
    problem.code,
    problem.severity,
    problem.message,
  ]);
}

/** A policy padded with trailing whitespace, which JSON allows, to exactly `length`. */
function policyOfLength(length: number): string {
  const text = policyText(pullStatement('AllowReleasePull', { AWS: ROOT }));
  return text + ' '.repeat(length - text.length);
}

describe('lintRepositoryPolicy', () => {
  describe('finds nothing', () => {
    it('in the policy this extension builds', () => {
      const text = formatPolicy(buildRepositoryPolicy(BY_ACCOUNT, 'aws'));
      assert.deepEqual(lintRepositoryPolicy(text, BY_ACCOUNT), []);
    });

    it('in a policy with other principals, services and read-only grants', () => {
      const text = policyText(
        pullStatement('AllowReleasePull', { AWS: [ROOT, ACCOUNT_ID, USER_ARN] }),
        pullStatement('Lambda', { Service: 'lambda.amazonaws.com' }),
        pullStatement('Session', {
          AWS: 'arn:aws:sts::222222222222:assumed-role/ci/build',
        }),
        {
          Sid: 'WritersElsewhere',
          Effect: 'Allow',
          Principal: { AWS: 'arn:aws:iam::222222222222:role/ci/pusher' },
          Action: ['ecr:PutImage', 'ecr:InitiateLayerUpload'],
        },
        { Sid: 'NoDeletes', Effect: 'Deny', Principal: '*', Action: 'ecr:Delete*' },
      );
      assert.deepEqual(lint(text), []);
    });

    it('about write grants when no cluster principal is configured', () => {
      const text = policyText(pullStatement('Everything', { AWS: ROOT }, { Action: 'ecr:*' }));
      assert.deepEqual(lint(text, null), []);
    });
  });

  describe('reports text that is not a policy', () => {
    it('as one error carrying the JSON parser message', () => {
      const text = '{"Version": "2012-10-17", "Statement": [}';
      let parserMessage = '';
      try {
        JSON.parse(text);
      } catch (error) {
        parserMessage = (error as Error).message;
      }

      assert.deepEqual(lintRepositoryPolicy(text, BY_ACCOUNT), [
        {
          code: 'invalid-policy',
          severity: 'error',
          message: `Policy is not valid JSON: ${parserMessage}`,
          sid: null,
          index: null,
        },
      ]);
    });

    it('as one error saying what the document lacks', () => {
      const text = policyText({ Sid: 'Nobody', Effect: 'Allow', Action: PULL });
      assert.deepEqual(lint(text), [
        [
          'invalid-policy',
          'error',
          "Statement 'Nobody' has no Principal; a repository policy needs one.",
        ],
      ]);
    });
  });

  describe('reports the policy size', () => {
    const NEAR = Math.floor(POLICY_TEXT_LIMIT * 0.9);

    it(`not at all up to 90% of the limit (${NEAR} characters)`, () => {
      assert.deepEqual(lint(policyOfLength(NEAR)), []);
    });

    it('as a warning just above 90% of the limit', () => {
      assert.deepEqual(lint(policyOfLength(NEAR + 1)), [
        [
          'policy-near-limit',
          'warning',
          `The policy has ${NEAR + 1} characters, 90% of ECR's limit of 10240: there is ` +
            `little room for more statements.`,
        ],
      ]);
    });

    it('as a warning at exactly the limit', () => {
      assert.deepEqual(lint(policyOfLength(POLICY_TEXT_LIMIT)), [
        [
          'policy-near-limit',
          'warning',
          `The policy has 10240 characters, 100% of ECR's limit of 10240: there is little ` +
            `room for more statements.`,
        ],
      ]);
    });

    it('as an error one character over the limit', () => {
      assert.deepEqual(lint(policyOfLength(POLICY_TEXT_LIMIT + 1)), [
        [
          'policy-over-limit',
          'error',
          'The policy has 10241 characters; ECR accepts at most 10240. Remove unused statements.',
        ],
      ]);
    });

    it('before the other problems, which are still found', () => {
      const text = policyText(pullStatement('Broken', { AWS: ROOT }, { Resource: '*' }));
      const problems = lintRepositoryPolicy(text + ' '.repeat(POLICY_TEXT_LIMIT), BY_ACCOUNT);
      assert.deepEqual(
        problems.map((problem) => problem.code),
        ['policy-over-limit', 'resource-element'],
      );
    });
  });

  describe('reports a Resource element', () => {
    for (const element of ['Resource', 'NotResource']) {
      it(`when a statement has ${element}, as an error with its Sid and index`, () => {
        const text = policyText(
          pullStatement('AllowReleasePull', { AWS: ROOT }),
          pullStatement('Scoped', { AWS: ROOT }, { [element]: 'arn:aws:ecr:*:*:repository/*' }),
        );
        const expected: PolicyLintProblem = {
          code: 'resource-element',
          severity: 'error',
          message:
            `Statement 'Scoped' has a ${element} element, which ECR rejects in a repository ` +
            `policy: the repository is the resource. Remove it.`,
          sid: 'Scoped',
          index: 1,
        };
        assert.deepEqual(lintRepositoryPolicy(text, BY_ACCOUNT), [expected]);
      });
    }

    it('naming a statement without Sid by its one-based position', () => {
      const text = policyText(pullStatement('AllowReleasePull', { AWS: ROOT }), {
        Effect: 'Allow',
        Principal: { AWS: ROOT },
        Action: PULL,
        Resource: '*',
      });
      const [problem] = lintRepositoryPolicy(text, BY_ACCOUNT);
      assert.equal(problem.sid, null);
      assert.equal(problem.index, 1);
      assert.match(problem.message, /^Statement 2 has a Resource element/);
    });
  });

  describe('reports malformed principals as errors', () => {
    const table: [string, unknown, string][] = [
      [
        'a wildcard inside an account ARN',
        `arn:aws:iam::${ACCOUNT_ID}:*`,
        `Principal "arn:aws:iam::${ACCOUNT_ID}:*" in statement 'Odd' has a wildcard, but IAM ` +
          `matches principal ARNs exactly; use "*" alone for everyone or ${ROOT} for a whole ` +
          `account.`,
      ],
      [
        'a wildcard in the account field',
        'arn:aws:iam::*:root',
        `Principal "arn:aws:iam::*:root" in statement 'Odd' has a wildcard, but IAM matches ` +
          `principal ARNs exactly; use "*" alone for everyone or arn:aws:iam::<account>:root ` +
          `for a whole account.`,
      ],
      [
        'a wildcard in a role name',
        `arn:aws:iam::${ACCOUNT_ID}:role/release-*`,
        `Principal "arn:aws:iam::${ACCOUNT_ID}:role/release-*" in statement 'Odd' has a ` +
          `wildcard, but IAM matches principal ARNs exactly; use "*" alone for everyone or ` +
          `${ROOT} for a whole account.`,
      ],
      [
        'an account ID of 11 digits in an ARN',
        'arn:aws:iam::11111111111:root',
        `Principal "arn:aws:iam::11111111111:root" in statement 'Odd' has account ID ` +
          `'11111111111' of 11 characters; an AWS account ID has exactly 12 digits.`,
      ],
      [
        'a bare account ID of 13 digits',
        '1111111111111',
        `Principal "1111111111111" in statement 'Odd' has 13 digits; an AWS account ID has ` +
          `exactly 12.`,
      ],
      [
        'an IAM group',
        `arn:aws:iam::${ACCOUNT_ID}:group/developers`,
        `Principal "arn:aws:iam::${ACCOUNT_ID}:group/developers" in statement 'Odd' names an ` +
          `IAM group, and groups cannot be principals.`,
      ],
      [
        'an IAM ARN of another resource type',
        `arn:aws:iam::${ACCOUNT_ID}:policy/pull`,
        `Principal "arn:aws:iam::${ACCOUNT_ID}:policy/pull" in statement 'Odd' is not an ` +
          `account root, user, role or assumed-role ARN.`,
      ],
      [
        'an ARN of another service',
        'arn:aws:s3:::bucket',
        `Principal "arn:aws:s3:::bucket" in statement 'Odd' is not an IAM or STS principal ARN.`,
      ],
      [
        'an unknown partition',
        `arn:amazon:iam::${ACCOUNT_ID}:root`,
        `Principal "arn:amazon:iam::${ACCOUNT_ID}:root" in statement 'Odd' has partition ` +
          `'amazon', which is not an AWS partition.`,
      ],
      [
        'a user name where an ARN belongs',
        'releasehub',
        `Principal "releasehub" in statement 'Odd' is neither "*", a 12-digit account ID nor ` +
          `an IAM ARN.`,
      ],
      ['a number', 111111111111, `Principal 111111111111 in statement 'Odd' is not a string.`],
    ];

    for (const [what, principal, message] of table) {
      it(`for ${what}`, () => {
        const text = policyText(pullStatement('Odd', { AWS: principal }));
        assert.deepEqual(lint(text), [['malformed-principal', 'error', message]]);
      });
    }

    it('in NotPrincipal too, naming the element', () => {
      const text = policyText(pullStatement('AllowReleasePull', { AWS: ROOT }), {
        Sid: 'OnlyUs',
        Effect: 'Deny',
        NotPrincipal: { AWS: `arn:aws:iam::${ACCOUNT_ID}:*` },
        Action: 'ecr:*',
      });
      assert.deepEqual(lint(text), [
        [
          'malformed-principal',
          'error',
          `NotPrincipal "arn:aws:iam::${ACCOUNT_ID}:*" in statement 'OnlyUs' has a wildcard, ` +
            `but IAM matches principal ARNs exactly; use "*" alone for everyone or ${ROOT} ` +
            `for a whole account.`,
        ],
      ]);
    });

    it('once for each bad entry of a list', () => {
      const text = policyText(
        pullStatement('Mixed', { AWS: [ROOT, 'arn:aws:iam::1:root', 'someone'] }),
      );
      assert.deepEqual(
        lint(text).map(([code]) => code),
        ['malformed-principal', 'malformed-principal'],
      );
    });

    it('for a Principal written as a bare ARN instead of an object', () => {
      const text = policyText(pullStatement('Bare', ROOT));
      assert.deepEqual(lint(text), [
        [
          'principal-shape',
          'error',
          `Statement 'Bare' has Principal "${ROOT}"; IAM takes "*" or an object such as ` +
            `{"AWS": "arn:aws:iam::111111111111:root"}.`,
        ],
      ]);
    });
  });

  describe('reports unique IDs left behind by deleted principals as warnings', () => {
    it('for a deleted user (AIDA…)', () => {
      const text = policyText(pullStatement('Stale', { AWS: ['AIDACKCEVSQ6C2EXAMPLE', ROOT] }));
      assert.deepEqual(lint(text), [
        [
          'deleted-principal-id',
          'warning',
          `Principal "AIDACKCEVSQ6C2EXAMPLE" in statement 'Stale' is the unique ID of a ` +
            `deleted IAM user: IAM shows it in place of the ARN once the user is gone, and it ` +
            `matches nobody now. Remove it, or name the recreated user's ARN.`,
        ],
      ]);
    });

    it('for a deleted role (AROA…)', () => {
      const text = policyText(pullStatement('Stale', { AWS: 'AROADBQP57FF2AEXAMPLE' }));
      assert.deepEqual(lint(text), [
        [
          'deleted-principal-id',
          'warning',
          `Principal "AROADBQP57FF2AEXAMPLE" in statement 'Stale' is the unique ID of a ` +
            `deleted IAM role: IAM shows it in place of the ARN once the role is gone, and it ` +
            `matches nobody now. Remove it, or name the recreated role's ARN.`,
        ],
      ]);
    });
  });

  describe('reports write actions granted to the cluster principal as warnings', () => {
    const table: [string, Record<string, unknown>, string][] = [
      ['the service wildcard', { Action: 'ecr:*' }, 'write actions (ecr:*)'],
      ['the bare wildcard', { Action: ['*'] }, 'write actions (*)'],
      [
        'named write actions beside the pull ones',
        { Action: [...PULL, 'ecr:PutImage', 'ecr:InitiateLayerUpload', 'ecr:UploadLayerPart'] },
        'write actions (ecr:PutImage, ecr:InitiateLayerUpload, ecr:UploadLayerPart)',
      ],
      [
        'write wildcards in any letter case',
        { Action: ['ecr:batchget*', 'ECR:DELETE*', 'ecr:Set*'] },
        'write actions (ECR:DELETE*, ecr:Set*)',
      ],
      [
        'a NotAction that leaves writes in',
        { Action: undefined, NotAction: ['ecr:Delete*', 'ecr:BatchDeleteImage'] },
        'every action outside its NotAction, write actions included (ecr:CompleteLayerUpload, ' +
          'ecr:CreateRepository, ecr:InitiateLayerUpload and 11 more)',
      ],
    ];

    for (const [what, actions, granted] of table) {
      it(`through ${what}`, () => {
        const text = policyText(pullStatement('TooMuch', { AWS: ROOT }, actions));
        assert.deepEqual(lint(text), [
          [
            'write-actions',
            'warning',
            `Statement 'TooMuch' allows the cluster principal ${granted}; ${PULL_NEEDS}`,
          ],
        ]);
      });
    }

    it('when the grant is to everyone, conditions notwithstanding', () => {
      const text = policyText(
        pullStatement('OrgWrites', '*', {
          Action: 'ecr:PutImage',
          Condition: { StringEquals: { 'aws:PrincipalOrgID': 'o-abc123' } },
        }),
      );
      assert.deepEqual(
        lint(text).map(([code]) => code),
        ['write-actions'],
      );
    });

    it('to a configured user named by its ARN', () => {
      const text = policyText(pullStatement('Pusher', { AWS: USER_ARN }, { Action: 'ecr:Put*' }));
      assert.deepEqual(
        lintRepositoryPolicy(text, BY_USER).map((problem) => problem.message),
        [`Statement 'Pusher' allows the cluster principal write actions (ecr:Put*); ${PULL_NEEDS}`],
      );
    });

    it('not when the writes are granted to another account', () => {
      const text = policyText(pullStatement('Other', { AWS: '222222222222' }, { Action: 'ecr:*' }));
      assert.deepEqual(lint(text), []);
    });

    it('not when a Deny names the writes', () => {
      const text = policyText({ Sid: 'NoPush', Effect: 'Deny', Principal: '*', Action: 'ecr:*' });
      assert.deepEqual(lint(text), []);
    });

    it('not when only the account is known and another user of it is named', () => {
      const text = policyText(
        pullStatement(
          'Deployer',
          { AWS: `arn:aws:iam::${ACCOUNT_ID}:user/deployer` },
          {
            Action: 'ecr:*',
          },
        ),
      );
      assert.deepEqual(lint(text), []);
    });

    it("in the repository's partition, given explicitly", () => {
      const text = policyText(
        pullStatement('China', { AWS: `arn:aws-cn:iam::${ACCOUNT_ID}:root` }, { Action: 'ecr:*' }),
      );
      assert.equal(lintRepositoryPolicy(text, BY_ACCOUNT).length, 0);
      assert.deepEqual(
        lintRepositoryPolicy(text, BY_ACCOUNT, 'aws-cn').map((problem) => problem.code),
        ['write-actions'],
      );
    });
  });

  it('warns that Allow with NotPrincipal grants everyone not listed', () => {
    const text = policyText({
      Sid: 'AllButOne',
      Effect: 'Allow',
      NotPrincipal: { AWS: 'arn:aws:iam::222222222222:root' },
      Action: PULL,
    });
    assert.deepEqual(lint(text), [
      [
        'not-principal-allow',
        'warning',
        `Statement 'AllButOne' combines Allow with NotPrincipal, which AWS does not support: ` +
          `it would allow everyone not listed, anonymous callers included. Name who may pull ` +
          `in Principal instead.`,
      ],
    ]);
  });

  it('reports several problems statement by statement, in document order', () => {
    const text = policyText(
      pullStatement('First', { AWS: ['AIDACKCEVSQ6C2EXAMPLE', 'arn:aws:iam::1:root'] }),
      pullStatement('Second', { AWS: ROOT }, { Action: 'ecr:*', Resource: '*' }),
    );
    assert.deepEqual(
      lintRepositoryPolicy(text, BY_ACCOUNT).map(({ code, sid, index }) => [code, sid, index]),
      [
        ['deleted-principal-id', 'First', 0],
        ['malformed-principal', 'First', 0],
        ['resource-element', 'Second', 1],
        ['write-actions', 'Second', 1],
      ],
    );
  });
});
