import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { ReleaseHubEcrApi } from '../../../src/vscode/extension';
import type { FakeAws } from '../../support/fakeAws';
import {
  EXTENSION_ID,
  openTemplate,
  setClusterSettings,
  startSignedInFake,
  waitForDiagnostics,
} from '../hostSupport';

const GRANTING = JSON.stringify({
  Version: '2012-10-17',
  Statement: [
    {
      Sid: 'AllowReleasePull',
      Effect: 'Allow',
      Principal: { AWS: 'arn:aws:iam::111111111111:root' },
      Action: ['ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer'],
    },
  ],
});

function paymentsDiagnostic(diagnostics: vscode.Diagnostic[]) {
  return diagnostics.find((d) => d.code === 'cross-account' && /payments\/api/.test(d.message));
}

describe('Live access checks against the loopback fake ECR', () => {
  let fake: FakeAws;
  let stopFake: () => Promise<void>;
  const configuration = () => vscode.workspace.getConfiguration('releasehubEcr');

  before(async () => {
    ({ fake, stop: stopFake } = await startSignedInFake('222222222222', 'reader'));
    fake.addRepository({
      account: '222222222222',
      region: 'us-east-1',
      name: 'payments/api',
      policyText: GRANTING,
    });
    await setClusterSettings('111111111111', 'us-east-1');
    await configuration().update('liveChecks.enabled', true, vscode.ConfigurationTarget.Global);
    const extension = vscode.extensions.getExtension<ReleaseHubEcrApi>(EXTENSION_ID);
    const api = (await extension?.activate()) as ReleaseHubEcrApi;
    api.policyWriter.confirmations = {
      confirmApply: () => Promise.resolve(true),
      confirmUndo: () => Promise.resolve(true),
    };
  });

  after(async () => {
    await configuration().update(
      'liveChecks.enabled',
      undefined,
      vscode.ConfigurationTarget.Global,
    );
    await stopFake();
  });

  it('turns a granted cross-account finding into information naming the statement', async () => {
    const document = await openTemplate('storefront', '.release', 'application_template.yaml');
    const diagnostics = await waitForDiagnostics(
      document.uri,
      (found) => paymentsDiagnostic(found)?.severity === vscode.DiagnosticSeverity.Information,
    );
    assert.match(
      paymentsDiagnostic(diagnostics)?.message ?? '',
      /pull allowed by statement 'AllowReleasePull'/,
    );
  });

  it('reads each repository once per time-to-live, not on every edit', async () => {
    const document = await openTemplate('storefront', '.release', 'application_template.yaml');
    await waitForDiagnostics(
      document.uri,
      (found) => paymentsDiagnostic(found)?.severity === vscode.DiagnosticSeverity.Information,
    );
    const edit = new vscode.WorkspaceEdit();
    edit.insert(document.uri, new vscode.Position(0, 0), '# edited\n');
    assert.ok(await vscode.workspace.applyEdit(edit));
    await waitForDiagnostics(document.uri, (found) => found.every((d) => d.range.start.line > 0));

    const reads = fake
      .callsTo('GetRepositoryPolicy')
      .filter(
        (call) => (call.input as { repositoryName?: string }).repositoryName === 'payments/api',
      );
    assert.equal(reads.length, 1);
    await vscode.commands.executeCommand('workbench.action.files.revert');
  });

  it('degrades to the offline finding, with the reason, when the policy cannot be read', async () => {
    const document = await openTemplate('storefront', '.release', 'application_template.yaml');
    const diagnostics = await waitForDiagnostics(document.uri, (found) =>
      found.some((d) => /search\/indexer/.test(d.message) && /Live check failed/.test(d.message)),
    );
    const search = diagnostics.find(
      (d) => d.code === 'cross-account' && /search\/indexer/.test(d.message),
    );
    assert.equal(search?.severity, vscode.DiagnosticSeverity.Warning);
    assert.ok(
      diagnostics.some((d) => d.code === 'region-mismatch'),
      'region mismatch stays flagged',
    );
  });

  it('shows the verdict and the deciding statement in the hover', async () => {
    const document = await openTemplate('storefront', '.release', 'application_template.yaml');
    await waitForDiagnostics(
      document.uri,
      (found) => paymentsDiagnostic(found)?.severity === vscode.DiagnosticSeverity.Information,
    );
    const position = document.positionAt(document.getText().indexOf('payments/api'));
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>(
      'vscode.executeHoverProvider',
      document.uri,
      position,
    );
    const text = hovers
      .flatMap((hover) => hover.contents)
      .map((content) => (typeof content === 'string' ? content : content.value))
      .join('\n');
    assert.match(text, /Registry account/);
    assert.match(text, /222222222222/);
    assert.match(text, /granted/);
    assert.match(text, /AllowReleasePull/);
  });

  it('marks a repository without a policy as an error after a refresh, and fixes all', async () => {
    fake.setPolicy('222222222222', 'us-east-1', 'payments/api', undefined);
    await vscode.commands.executeCommand('releasehubEcr.refreshAccessChecks');
    const document = await openTemplate('storefront', '.release', 'application_template.yaml');
    await waitForDiagnostics(
      document.uri,
      (found) => paymentsDiagnostic(found)?.severity === vscode.DiagnosticSeverity.Error,
    );

    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>(
      'vscode.executeCodeActionProvider',
      document.uri,
      new vscode.Range(0, 0, 0, 0),
      'source.fixAll.releasehubEcr',
    );
    const fixAll = actions.find(
      (action) => action.command?.command === 'releasehubEcr.fixAllInTemplate',
    );
    assert.ok(fixAll?.command, 'a fix-all source action is offered');

    const summary = await vscode.commands.executeCommand<{ applied: number; failed: number }>(
      fixAll.command.command,
      ...(fixAll.command.arguments ?? []),
    );
    // payments/api is in the signed-in account; search/indexer is not (wrong account).
    assert.equal(summary.applied, 1);
    assert.equal(summary.failed, 1);
    assert.match(
      fake.getPolicy('222222222222', 'us-east-1', 'payments/api') ?? '',
      /AllowReleasePull/,
    );
  });
});
