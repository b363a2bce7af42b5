import * as assert from 'node:assert/strict';
import { ClusterPrincipal } from '../../src/core/clusterSettings';
import { Partition } from '../../src/core/partition';
import { actionPatternMatches } from '../../src/core/policyAction';
import { buildRepositoryPolicy } from '../../src/core/policyBuilder';
import { PolicyDocument, PolicyStatement } from '../../src/core/policyDocument';
import {
  PullAccess,
  REQUIRED_PULL_ACTIONS,
  evaluatePullAccess,
} from '../../src/core/policyEvaluation';

const ACCOUNT_ID = '111111111111';
const OTHER_ACCOUNT_ID = '222222222222';
const ROOT = `arn:aws:iam::${ACCOUNT_ID}:root`;
const USER_ARN = `arn:aws:iam::${ACCOUNT_ID}:user/releasehub`;
const ROLE_ARN = `arn:aws:iam::${ACCOUNT_ID}:role/releasehub/puller`;

const BY_ACCOUNT: ClusterPrincipal = { kind: 'account', accountId: ACCOUNT_ID };
const BY_USER: ClusterPrincipal = { kind: 'arn', accountId: ACCOUNT_ID, arn: USER_ARN };
const BY_ROLE: ClusterPrincipal = { kind: 'arn', accountId: ACCOUNT_ID, arn: ROLE_ARN };
const BY_ROOT_ARN: ClusterPrincipal = { kind: 'arn', accountId: ACCOUNT_ID, arn: ROOT };

const PULL = ['ecr:BatchCheckLayerAvailability', 'ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer'];
const BOTH_ACTIONS = 'ecr:BatchGetImage and ecr:GetDownloadUrlForLayer';
const EITHER_ACTION = 'ecr:BatchGetImage or ecr:GetDownloadUrlForLayer';
const ORG_CONDITION = { StringEquals: { 'aws:PrincipalOrgID': 'o-abc123' } };

function allow(sid: string | null, principal: unknown, action: unknown, extra = {}) {
  return statement('Allow', sid, principal, action, extra);
}

function deny(sid: string | null, principal: unknown, action: unknown, extra = {}) {
  return statement('Deny', sid, principal, action, extra);
}

function statement(
  effect: 'Allow' | 'Deny',
  sid: string | null,
  principal: unknown,
  action: unknown,
  extra: Record<string, unknown>,
): PolicyStatement {
  return {
    ...(sid === null ? {} : { Sid: sid }),
    Effect: effect,
    Principal: principal,
    Action: action as string[],
    ...extra,
  };
}

function policy(...statements: PolicyStatement[]): PolicyDocument {
  return { Version: '2012-10-17', Statement: statements };
}

interface Case {
  readonly title: string;
  readonly document: PolicyDocument | null;
  readonly principal?: ClusterPrincipal;
  readonly partition?: Partition;
  readonly access: PullAccess;
  /** `[sid, index, effect]` of each deciding statement, in document order. */
  readonly deciding: readonly [string | null, number, 'Allow' | 'Deny'][];
  readonly reason: string;
}

function check(table: readonly Case[]): void {
  for (const example of table) {
    it(example.title, () => {
      const verdict = evaluatePullAccess(
        example.document,
        example.principal ?? BY_ACCOUNT,
        example.partition ?? 'aws',
      );
      assert.deepEqual(verdict, {
        access: example.access,
        deciding: example.deciding.map(([sid, index, effect]) => ({ sid, index, effect })),
        reason: example.reason,
      });
    });
  }
}

describe('evaluatePullAccess', () => {
  it('requires exactly the two actions without which a pull fails', () => {
    assert.deepEqual(REQUIRED_PULL_ACTIONS, ['ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer']);
  });

  it('grants the policy this extension builds, for every principal form', () => {
    for (const principal of [BY_ACCOUNT, BY_USER, BY_ROLE, BY_ROOT_ARN]) {
      for (const partition of ['aws', 'aws-cn', 'aws-us-gov'] as const) {
        const forPartition =
          principal.kind === 'arn'
            ? { ...principal, arn: principal.arn.replace('arn:aws:', `arn:${partition}:`) }
            : principal;
        const verdict = evaluatePullAccess(
          buildRepositoryPolicy(forPartition, partition),
          forPartition,
          partition,
        );
        assert.equal(verdict.access, 'granted', `${JSON.stringify(forPartition)} in ${partition}`);
      }
    }
  });

  describe('grants pull', () => {
    check([
      {
        title: "with ReleaseHub's guide statement for the account root",
        document: policy(allow('AllowReleasePull', { AWS: ROOT }, PULL)),
        access: 'granted',
        deciding: [['AllowReleasePull', 0, 'Allow']],
        reason: "pull allowed by statement 'AllowReleasePull'",
      },
      {
        title: 'when each action is a single string in its own statement',
        document: policy(
          allow('Images', { AWS: ROOT }, 'ecr:BatchGetImage'),
          allow('Layers', { AWS: ROOT }, 'ecr:GetDownloadUrlForLayer'),
        ),
        access: 'granted',
        deciding: [
          ['Images', 0, 'Allow'],
          ['Layers', 1, 'Allow'],
        ],
        reason: "pull allowed by statements 'Images' and 'Layers'",
      },
      {
        title: 'with the service wildcard ecr:*',
        document: policy(allow('All', { AWS: ROOT }, 'ecr:*')),
        access: 'granted',
        deciding: [['All', 0, 'Allow']],
        reason: "pull allowed by statement 'All'",
      },
      {
        title: 'with the bare wildcard * for every action',
        document: policy(allow('Everything', { AWS: ROOT }, '*')),
        access: 'granted',
        deciding: [['Everything', 0, 'Allow']],
        reason: "pull allowed by statement 'Everything'",
      },
      {
        title: 'with prefix wildcards ecr:Batch* and ecr:GetDownload*',
        document: policy(allow('Prefixes', { AWS: ROOT }, ['ecr:Batch*', 'ecr:GetDownload*'])),
        access: 'granted',
        deciding: [['Prefixes', 0, 'Allow']],
        reason: "pull allowed by statement 'Prefixes'",
      },
      {
        title: 'with ? standing for one character',
        document: policy(
          allow('OneChar', { AWS: ROOT }, ['ecr:BatchGetImag?', 'ecr:?etDownloadUrlForLayer']),
        ),
        access: 'granted',
        deciding: [['OneChar', 0, 'Allow']],
        reason: "pull allowed by statement 'OneChar'",
      },
      {
        title: 'with action names in any letter case',
        document: policy(
          allow('Shouting', { AWS: ROOT }, ['ECR:BATCHGETIMAGE', 'Ecr:getdownloadurlforlayer']),
        ),
        access: 'granted',
        deciding: [['Shouting', 0, 'Allow']],
        reason: "pull allowed by statement 'Shouting'",
      },
      {
        title: 'with a NotAction that leaves the pull actions in',
        document: policy({
          Sid: 'AllButWrites',
          Effect: 'Allow',
          Principal: { AWS: ROOT },
          NotAction: ['ecr:Put*', 'ecr:Delete*'],
        }),
        access: 'granted',
        deciding: [['AllButWrites', 0, 'Allow']],
        reason: "pull allowed by statement 'AllButWrites'",
      },
      {
        title: 'to everyone with Principal "*"',
        document: policy(allow('Public', '*', PULL)),
        access: 'granted',
        deciding: [['Public', 0, 'Allow']],
        reason: "pull allowed by statement 'Public'",
      },
      {
        title: 'to every AWS principal with {"AWS": "*"}',
        document: policy(allow('AnyAws', { AWS: '*' }, PULL)),
        access: 'granted',
        deciding: [['AnyAws', 0, 'Allow']],
        reason: "pull allowed by statement 'AnyAws'",
      },
      {
        title: 'to every AWS principal with {"AWS": ["*"]}',
        document: policy(allow('AnyAwsList', { AWS: ['*'] }, PULL)),
        access: 'granted',
        deciding: [['AnyAwsList', 0, 'Allow']],
        reason: "pull allowed by statement 'AnyAwsList'",
      },
      {
        title: 'to the account named by its bare 12-digit ID',
        document: policy(allow('BareAccount', { AWS: ACCOUNT_ID }, PULL)),
        access: 'granted',
        deciding: [['BareAccount', 0, 'Allow']],
        reason: "pull allowed by statement 'BareAccount'",
      },
      {
        title: 'to the account root listed among other principals',
        document: policy(
          allow(
            'Several',
            {
              AWS: [
                `arn:aws:iam::${OTHER_ACCOUNT_ID}:root`,
                ROOT,
                'arn:aws:iam::333333333333:root',
              ],
            },
            PULL,
          ),
        ),
        access: 'granted',
        deciding: [['Several', 0, 'Allow']],
        reason: "pull allowed by statement 'Several'",
      },
      {
        title: 'to a configured user named by its exact ARN',
        document: policy(allow('CiUser', { AWS: USER_ARN }, PULL)),
        principal: BY_USER,
        access: 'granted',
        deciding: [['CiUser', 0, 'Allow']],
        reason: "pull allowed by statement 'CiUser'",
      },
      {
        title: 'to a configured role, path included, named by its exact ARN',
        document: policy(allow('Puller', { AWS: [ROLE_ARN] }, PULL)),
        principal: BY_ROLE,
        access: 'granted',
        deciding: [['Puller', 0, 'Allow']],
        reason: "pull allowed by statement 'Puller'",
      },
      {
        title: "to a configured user through its account's root ARN",
        document: policy(allow('AllowReleasePull', { AWS: ROOT }, PULL)),
        principal: BY_USER,
        access: 'granted',
        deciding: [['AllowReleasePull', 0, 'Allow']],
        reason: "pull allowed by statement 'AllowReleasePull'",
      },
      {
        title: 'to a principal configured as a root ARN',
        document: policy(allow('AllowReleasePull', { AWS: ACCOUNT_ID }, PULL)),
        principal: BY_ROOT_ARN,
        access: 'granted',
        deciding: [['AllowReleasePull', 0, 'Allow']],
        reason: "pull allowed by statement 'AllowReleasePull'",
      },
      {
        title: 'in China, with a root ARN of the aws-cn partition',
        document: policy(allow('China', { AWS: `arn:aws-cn:iam::${ACCOUNT_ID}:root` }, PULL)),
        partition: 'aws-cn',
        access: 'granted',
        deciding: [['China', 0, 'Allow']],
        reason: "pull allowed by statement 'China'",
      },
      {
        title: 'when the Condition is an empty object, which restricts nothing',
        document: policy(allow('EmptyCondition', { AWS: ROOT }, PULL, { Condition: {} })),
        access: 'granted',
        deciding: [['EmptyCondition', 0, 'Allow']],
        reason: "pull allowed by statement 'EmptyCondition'",
      },
      {
        title: 'naming a statement without Sid by its one-based position',
        document: policy(allow(null, { AWS: ROOT }, PULL)),
        access: 'granted',
        deciding: [[null, 0, 'Allow']],
        reason: 'pull allowed by statement 1',
      },
      {
        title: 'by the unconditional Allow when a conditional one also matches',
        document: policy(
          allow('OrgOnly', { AWS: '*' }, PULL, { Condition: ORG_CONDITION }),
          allow('AllowReleasePull', { AWS: ROOT }, PULL),
        ),
        access: 'granted',
        deciding: [['AllowReleasePull', 1, 'Allow']],
        reason: "pull allowed by statement 'AllowReleasePull'",
      },
      {
        title: 'when a Deny names only another account',
        document: policy(
          deny('BlockOther', { AWS: `arn:aws:iam::${OTHER_ACCOUNT_ID}:root` }, '*'),
          allow('AllowReleasePull', { AWS: ROOT }, PULL),
        ),
        access: 'granted',
        deciding: [['AllowReleasePull', 1, 'Allow']],
        reason: "pull allowed by statement 'AllowReleasePull'",
      },
      {
        title: 'when a Deny covers only write actions',
        document: policy(
          deny('NoWrites', '*', ['ecr:Put*', 'ecr:Delete*', 'ecr:*Upload*']),
          allow('AllowReleasePull', { AWS: ROOT }, PULL),
        ),
        access: 'granted',
        deciding: [['AllowReleasePull', 1, 'Allow']],
        reason: "pull allowed by statement 'AllowReleasePull'",
      },
      {
        title: 'when a Deny with NotPrincipal exempts the configured user and its account',
        document: policy(allow('AllowReleasePull', { AWS: ROOT }, PULL), {
          Sid: 'OnlyReleaseHub',
          Effect: 'Deny',
          NotPrincipal: { AWS: [USER_ARN, ROOT] },
          Action: 'ecr:*',
        }),
        principal: BY_USER,
        access: 'granted',
        deciding: [['AllowReleasePull', 0, 'Allow']],
        reason: "pull allowed by statement 'AllowReleasePull'",
      },
      {
        title: 'when an Allow with NotPrincipal lists only another account',
        document: policy({
          Sid: 'AllButOther',
          Effect: 'Allow',
          NotPrincipal: { AWS: `arn:aws:iam::${OTHER_ACCOUNT_ID}:root` },
          Action: PULL,
        }),
        access: 'granted',
        deciding: [['AllButOther', 0, 'Allow']],
        reason: "pull allowed by statement 'AllButOther'",
      },
    ]);
  });

  describe('does not grant pull', () => {
    check([
      {
        title: 'when the repository has no policy',
        document: null,
        access: 'not-granted',
        deciding: [],
        reason:
          `the repository has no policy, so nothing grants ${EITHER_ACTION} to account ` +
          ACCOUNT_ID,
      },
      {
        title: 'when the policy has no statements',
        document: policy(),
        access: 'not-granted',
        deciding: [],
        reason: `no statement grants ${EITHER_ACTION} to account ${ACCOUNT_ID}`,
      },
      {
        title: 'when only another account is granted',
        document: policy(allow('Other', { AWS: `arn:aws:iam::${OTHER_ACCOUNT_ID}:root` }, PULL)),
        access: 'not-granted',
        deciding: [],
        reason: `no statement grants ${EITHER_ACTION} to account ${ACCOUNT_ID}`,
      },
      {
        title: 'when only ecr:BatchGetImage is granted',
        document: policy(allow('Half', { AWS: ROOT }, 'ecr:BatchGetImage')),
        access: 'not-granted',
        deciding: [],
        reason: `no statement grants ecr:GetDownloadUrlForLayer to account ${ACCOUNT_ID}`,
      },
      {
        title: 'when NotAction leaves out one pull action',
        document: policy({
          Sid: 'NoGets',
          Effect: 'Allow',
          Principal: { AWS: ROOT },
          NotAction: 'ecr:Get*',
        }),
        access: 'not-granted',
        deciding: [],
        reason: `no statement grants ecr:GetDownloadUrlForLayer to account ${ACCOUNT_ID}`,
      },
      {
        title: 'when the actions lack the ecr: service prefix',
        document: policy(
          allow('NoPrefix', { AWS: ROOT }, ['BatchGetImage', 'GetDownloadUrlForLayer']),
        ),
        access: 'not-granted',
        deciding: [],
        reason: `no statement grants ${EITHER_ACTION} to account ${ACCOUNT_ID}`,
      },
      {
        title: "when the root ARN is in another partition than the repository's",
        document: policy(allow('China', { AWS: `arn:aws-cn:iam::${ACCOUNT_ID}:root` }, PULL)),
        access: 'not-granted',
        deciding: [],
        reason: `no statement grants ${EITHER_ACTION} to account ${ACCOUNT_ID}`,
      },
      {
        title: 'to a configured user when another user of the same account is named',
        document: policy(allow('Other', { AWS: `arn:aws:iam::${ACCOUNT_ID}:user/deployer` }, PULL)),
        principal: BY_USER,
        access: 'not-granted',
        deciding: [],
        reason: `no statement grants ${EITHER_ACTION} to ${USER_ARN}`,
      },
      {
        title: 'to a configured user when its name is written in another letter case',
        document: policy(
          allow('Upper', { AWS: `arn:aws:iam::${ACCOUNT_ID}:user/ReleaseHub` }, PULL),
        ),
        principal: BY_USER,
        access: 'not-granted',
        deciding: [],
        reason: `no statement grants ${EITHER_ACTION} to ${USER_ARN}`,
      },
      {
        title: 'to an AWS service principal only',
        document: policy(allow('Lambda', { Service: 'lambda.amazonaws.com' }, PULL)),
        access: 'not-granted',
        deciding: [],
        reason: `no statement grants ${EITHER_ACTION} to account ${ACCOUNT_ID}`,
      },
      {
        title: 'to the unique ID a deleted user left behind',
        document: policy(allow('Stale', { AWS: 'AIDACKCEVSQ6C2EXAMPLE' }, PULL)),
        principal: BY_USER,
        access: 'not-granted',
        deciding: [],
        reason: `no statement grants ${EITHER_ACTION} to ${USER_ARN}`,
      },
      {
        title: 'to a wildcard inside an ARN, which IAM does not expand',
        document: policy(allow('Wild', { AWS: `arn:aws:iam::${ACCOUNT_ID}:*` }, PULL)),
        access: 'not-granted',
        deciding: [],
        reason: `no statement grants ${EITHER_ACTION} to account ${ACCOUNT_ID}`,
      },
      {
        title: 'when an Allow with NotPrincipal lists the cluster account',
        document: policy({
          Sid: 'AllButUs',
          Effect: 'Allow',
          NotPrincipal: { AWS: ROOT },
          Action: PULL,
        }),
        access: 'not-granted',
        deciding: [],
        reason: `no statement grants ${EITHER_ACTION} to account ${ACCOUNT_ID}`,
      },
      {
        title: 'when a conditional Allow covers one action and nothing the other',
        document: policy(
          allow('OrgImages', { AWS: '*' }, 'ecr:BatchGetImage', { Condition: ORG_CONDITION }),
        ),
        access: 'not-granted',
        deciding: [],
        reason: `no statement grants ecr:GetDownloadUrlForLayer to account ${ACCOUNT_ID}`,
      },
      {
        title: 'when a conditional Deny matches but nothing allows anyway',
        document: policy(deny('OutsideOrg', '*', '*', { Condition: ORG_CONDITION })),
        access: 'not-granted',
        deciding: [],
        reason: `no statement grants ${EITHER_ACTION} to account ${ACCOUNT_ID}`,
      },
    ]);
  });

  describe('denies pull', () => {
    check([
      {
        title: 'when a Deny for everyone overrides the Allow',
        document: policy(
          allow('AllowReleasePull', { AWS: ROOT }, PULL),
          deny('DenyAll', '*', 'ecr:*'),
        ),
        access: 'denied',
        deciding: [['DenyAll', 1, 'Deny']],
        reason: `statement 'DenyAll' denies ${BOTH_ACTIONS}`,
      },
      {
        title: 'when a Deny covers just one pull action',
        document: policy(
          allow('AllowReleasePull', { AWS: ROOT }, PULL),
          deny('NoImages', { AWS: ROOT }, 'ecr:BatchGetImage'),
        ),
        access: 'denied',
        deciding: [['NoImages', 1, 'Deny']],
        reason: "statement 'NoImages' denies ecr:BatchGetImage",
      },
      {
        title: 'when a Deny matches and nothing allows',
        document: policy(deny('DenyAll', { AWS: '*' }, '*')),
        access: 'denied',
        deciding: [['DenyAll', 0, 'Deny']],
        reason: `statement 'DenyAll' denies ${BOTH_ACTIONS}`,
      },
      {
        title: 'when an unconditional Deny meets a conditional Allow',
        document: policy(
          allow('OrgOnly', { AWS: '*' }, PULL, { Condition: ORG_CONDITION }),
          deny('Blocked', { AWS: ACCOUNT_ID }, PULL),
        ),
        access: 'denied',
        deciding: [['Blocked', 1, 'Deny']],
        reason: `statement 'Blocked' denies ${BOTH_ACTIONS}`,
      },
      {
        title: 'when a Deny with NotAction leaves the pull actions in',
        document: policy(allow('AllowReleasePull', { AWS: ROOT }, PULL), {
          Sid: 'ReadMetadataOnly',
          Effect: 'Deny',
          Principal: '*',
          NotAction: 'ecr:Describe*',
        }),
        access: 'denied',
        deciding: [['ReadMetadataOnly', 1, 'Deny']],
        reason: `statement 'ReadMetadataOnly' denies ${BOTH_ACTIONS}`,
      },
      {
        title: 'when the configured user is denied by its exact ARN',
        document: policy(
          allow('AllowReleasePull', { AWS: ROOT }, PULL),
          deny('NotThisUser', { AWS: USER_ARN }, 'ecr:*'),
        ),
        principal: BY_USER,
        access: 'denied',
        deciding: [['NotThisUser', 1, 'Deny']],
        reason: `statement 'NotThisUser' denies ${BOTH_ACTIONS}`,
      },
      {
        title: 'when a Deny with NotPrincipal exempts only another account',
        document: policy(allow('AllowReleasePull', { AWS: ROOT }, PULL), {
          Sid: 'OnlyOther',
          Effect: 'Deny',
          NotPrincipal: { AWS: `arn:aws:iam::${OTHER_ACCOUNT_ID}:root` },
          Action: 'ecr:*',
        }),
        access: 'denied',
        deciding: [['OnlyOther', 1, 'Deny']],
        reason: `statement 'OnlyOther' denies ${BOTH_ACTIONS}`,
      },
      {
        title: "when a Deny with NotPrincipal exempts only the account's root user",
        document: policy(allow('AllowReleasePull', { AWS: ROOT }, PULL), {
          Sid: 'OnlyRoot',
          Effect: 'Deny',
          NotPrincipal: { AWS: ROOT },
          Action: 'ecr:*',
        }),
        principal: BY_USER,
        access: 'denied',
        deciding: [['OnlyRoot', 1, 'Deny']],
        reason: `statement 'OnlyRoot' denies ${BOTH_ACTIONS}`,
      },
      {
        title: 'naming each Deny with the actions it denies',
        document: policy(
          allow('AllowReleasePull', { AWS: ROOT }, PULL),
          deny('NoImages', '*', 'ecr:BatchGetImage'),
          deny(null, '*', 'ecr:GetDownloadUrlForLayer'),
        ),
        access: 'denied',
        deciding: [
          ['NoImages', 1, 'Deny'],
          [null, 2, 'Deny'],
        ],
        reason:
          "statement 'NoImages' denies ecr:BatchGetImage; " +
          'statement 3 denies ecr:GetDownloadUrlForLayer',
      },
      {
        title: 'naming together the Denies that deny the same actions',
        document: policy(
          deny('First', '*', 'ecr:*'),
          allow('AllowReleasePull', { AWS: ROOT }, PULL),
          deny('Second', { AWS: ROOT }, PULL),
        ),
        access: 'denied',
        deciding: [
          ['First', 0, 'Deny'],
          ['Second', 2, 'Deny'],
        ],
        reason: `statements 'First' and 'Second' deny ${BOTH_ACTIONS}`,
      },
    ]);
  });

  describe('cannot tell offline', () => {
    const CONDITION_REASON = 'has a Condition that cannot be checked offline';

    check([
      {
        title: 'when the only Allow has a Condition',
        document: policy(allow('OrgOnly', { AWS: '*' }, PULL, { Condition: ORG_CONDITION })),
        access: 'unknown',
        deciding: [['OrgOnly', 0, 'Allow']],
        reason: `statement 'OrgOnly' ${CONDITION_REASON}`,
      },
      {
        title: 'when a conditional Deny would override an unconditional Allow',
        document: policy(
          allow('AllowReleasePull', { AWS: ROOT }, PULL),
          deny('OutsideOrg', '*', 'ecr:*', { Condition: ORG_CONDITION }),
        ),
        access: 'unknown',
        deciding: [['OutsideOrg', 1, 'Deny']],
        reason: `statement 'OutsideOrg' ${CONDITION_REASON}`,
      },
      {
        title: 'when a conditional Deny meets a conditional Allow, naming the Deny first',
        document: policy(
          allow('OrgOnly', { AWS: '*' }, PULL, { Condition: ORG_CONDITION }),
          deny('NotFromVpc', '*', PULL, {
            Condition: { StringNotEquals: { 'aws:SourceVpc': 'v' } },
          }),
        ),
        access: 'unknown',
        deciding: [
          ['OrgOnly', 0, 'Allow'],
          ['NotFromVpc', 1, 'Deny'],
        ],
        reason: `statement 'NotFromVpc' ${CONDITION_REASON}`,
      },
      {
        title: 'when a user of the configured account is named but only the account is known',
        document: policy(allow('CiUser', { AWS: USER_ARN }, PULL)),
        access: 'unknown',
        deciding: [['CiUser', 0, 'Allow']],
        reason:
          `statement 'CiUser' names ${USER_ARN}, but the cluster principal is known only ` +
          `by its account ${ACCOUNT_ID}`,
      },
      {
        title: 'when a Deny names a user of the configured account but only the account is known',
        document: policy(
          allow('AllowReleasePull', { AWS: ROOT }, PULL),
          deny('NotDeployer', { AWS: `arn:aws:iam::${ACCOUNT_ID}:user/deployer` }, '*'),
        ),
        access: 'unknown',
        deciding: [['NotDeployer', 1, 'Deny']],
        reason:
          `statement 'NotDeployer' names arn:aws:iam::${ACCOUNT_ID}:user/deployer, but the ` +
          `cluster principal is known only by its account ${ACCOUNT_ID}`,
      },
      {
        title: 'when one session of the configured role is named',
        document: policy(
          allow(
            'OneSession',
            { AWS: `arn:aws:sts::${ACCOUNT_ID}:assumed-role/puller/nightly` },
            PULL,
          ),
        ),
        principal: BY_ROLE,
        access: 'unknown',
        deciding: [['OneSession', 0, 'Allow']],
        reason:
          `statement 'OneSession' names one session of the cluster's role ` +
          `(arn:aws:sts::${ACCOUNT_ID}:assumed-role/puller/nightly), and the cluster's ` +
          `session name is not known`,
      },
      {
        title: 'when a Deny with NotPrincipal exempts the configured user but not its account',
        document: policy(allow('AllowReleasePull', { AWS: ROOT }, PULL), {
          Sid: 'OnlyReleaseHub',
          Effect: 'Deny',
          NotPrincipal: { AWS: USER_ARN },
          Action: 'ecr:*',
        }),
        principal: BY_USER,
        access: 'unknown',
        deciding: [['OnlyReleaseHub', 1, 'Deny']],
        reason:
          `statement 'OnlyReleaseHub' exempts ${USER_ARN} in NotPrincipal without its ` +
          `account ${ACCOUNT_ID}, so AWS may still deny it`,
      },
      {
        title: 'when a Deny with NotPrincipal exempts a user but only the account is known',
        document: policy(allow('AllowReleasePull', { AWS: ROOT }, PULL), {
          Sid: 'OnlyReleaseHub',
          Effect: 'Deny',
          NotPrincipal: { AWS: [USER_ARN, ROOT] },
          Action: 'ecr:*',
        }),
        access: 'unknown',
        deciding: [['OnlyReleaseHub', 1, 'Deny']],
        reason:
          `statement 'OnlyReleaseHub' exempts ${USER_ARN}, but the cluster principal is ` +
          `known only by its account ${ACCOUNT_ID}`,
      },
    ]);
  });

  it('reads a policy in another partition only with principals of that partition', () => {
    const govRoot = `arn:aws-us-gov:iam::${ACCOUNT_ID}:root`;
    const document = policy(allow('Gov', { AWS: govRoot }, PULL));

    assert.equal(evaluatePullAccess(document, BY_ACCOUNT, 'aws-us-gov').access, 'granted');
    assert.equal(evaluatePullAccess(document, BY_ACCOUNT, 'aws').access, 'not-granted');
  });
});

describe('actionPatternMatches', () => {
  const table: [string, string, boolean][] = [
    ['ecr:BatchGetImage', 'ecr:BatchGetImage', true],
    ['ecr:batchgetimage', 'ecr:BatchGetImage', true],
    ['ecr:*', 'ecr:BatchGetImage', true],
    ['*', 'ecr:GetDownloadUrlForLayer', true],
    ['ecr:Batch*', 'ecr:BatchGetImage', true],
    ['ecr:*Image', 'ecr:BatchGetImage', true],
    ['ecr:Get*Layer', 'ecr:GetDownloadUrlForLayer', true],
    ['ecr:BatchGetImag?', 'ecr:BatchGetImage', true],
    ['ecr:Batch?', 'ecr:BatchGetImage', false],
    ['ecr:Batch*', 'ecr:GetDownloadUrlForLayer', false],
    ['BatchGetImage', 'ecr:BatchGetImage', false],
    ['ecr-public:*', 'ecr:BatchGetImage', false],
    ['ecr.BatchGetImage', 'ecr:BatchGetImage', false],
    ['ecr:BatchGetImage ', 'ecr:BatchGetImage', false],
  ];

  for (const [pattern, action, expected] of table) {
    const verb = expected ? 'matches' : 'does not match';
    it(`${verb} ${action} with ${JSON.stringify(pattern)}`, () => {
      assert.equal(actionPatternMatches(pattern, action), expected);
    });
  }
});
