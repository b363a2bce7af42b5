import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { ReleaseHubEcrApi } from '../../../src/vscode/extension';
import type { PolicyPreview } from '../../../src/aws/policyApplier';
import type { FakeAws } from '../../support/fakeAws';
import {
  EXTENSION_ID,
  openTemplate,
  quickFixesAt,
  setClusterSettings,
  startSignedInFake,
  waitForDiagnostics,
} from '../hostSupport';

const UNRELATED = {
  Version: '2012-10-17',
  Statement: [
    {
      Sid: 'CiPush',
      Effect: 'Allow',
      Principal: { AWS: 'arn:aws:iam::222222222222:role/ci' },
      Action: ['ecr:PutImage'],
    },
  ],
};

describe('Apply repository policy against the loopback fake ECR', () => {
  let fake: FakeAws;
  let stopFake: () => Promise<void>;
  let api: ReleaseHubEcrApi;
  const previews: PolicyPreview[] = [];

  before(async () => {
    ({ fake, stop: stopFake } = await startSignedInFake('222222222222', 'payments-admin'));
    await setClusterSettings('111111111111', 'us-east-1');
    const extension = vscode.extensions.getExtension<ReleaseHubEcrApi>(EXTENSION_ID);
    assert.ok(extension);
    api = await extension.activate();
  });

  beforeEach(() => {
    previews.length = 0;
    api.policyWriter.confirmations = {
      confirmApply: (preview) => {
        previews.push(preview);
        return Promise.resolve(true);
      },
      confirmUndo: () => Promise.resolve(true),
    };
  });

  after(() => stopFake());

  async function applyFix() {
    const document = await openTemplate('storefront', '.release', 'application_template.yaml');
    const diagnostics = await waitForDiagnostics(document.uri, (found) =>
      found.some((d) => /payments\/api/.test(d.message) && d.code === 'cross-account'),
    );
    const diagnostic = diagnostics.find((d) => /payments\/api/.test(d.message));
    assert.ok(diagnostic);
    const fix = (await quickFixesAt(document, diagnostic.range)).find((action) =>
      action.title.startsWith('Apply repository policy'),
    );
    assert.ok(fix?.command, 'the apply quick fix is offered');
    return fix.command;
  }

  it('merges, previews, confirms, writes, verifies and undoes', async () => {
    fake.addRepository({
      account: '222222222222',
      region: 'us-east-1',
      name: 'payments/api',
      policyText: JSON.stringify(UNRELATED),
    });
    const command = await applyFix();

    const outcome = await vscode.commands.executeCommand<{ status: string }>(
      command.command,
      ...(command.arguments ?? []),
    );
    assert.equal(outcome.status, 'applied');
    assert.equal(previews.length, 1);
    assert.match(previews[0].mergedText, /AllowReleasePull/);

    const stored = JSON.parse(fake.getPolicy('222222222222', 'us-east-1', 'payments/api') ?? '');
    assert.deepEqual(stored.Statement[0], UNRELATED.Statement[0]);
    assert.equal(stored.Statement[1].Sid, 'AllowReleasePull');
    assert.equal(stored.Statement[1].Principal.AWS, 'arn:aws:iam::111111111111:root');

    const undone = await vscode.commands.executeCommand<{ status: string }>(
      'releasehubEcr.undoRepositoryPolicy',
      (outcome as unknown as { change: unknown }).change,
    );
    assert.equal(undone.status, 'restored');
    assert.deepEqual(
      JSON.parse(fake.getPolicy('222222222222', 'us-east-1', 'payments/api') ?? ''),
      UNRELATED,
    );
  });

  it('writes nothing when the user declines the confirmation', async () => {
    api.policyWriter.confirmations = {
      confirmApply: () => Promise.resolve(false),
      confirmUndo: () => Promise.resolve(false),
    };
    const command = await applyFix();
    fake.clearCalls();

    const outcome = await vscode.commands.executeCommand<{ status: string }>(
      command.command,
      ...(command.arguments ?? []),
    );
    assert.equal(outcome.status, 'cancelled');
    assert.deepEqual(fake.callsTo('SetRepositoryPolicy'), []);
  });
});
