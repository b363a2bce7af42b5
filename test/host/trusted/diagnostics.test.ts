import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { ReleaseHubEcrApi } from '../../../src/vscode/extension';
import {
  EXTENSION_ID,
  codesOf,
  openTemplate,
  quickFixesAt,
  ourDiagnostics,
  setClusterSettings,
  waitForDiagnostics,
  workspaceUri,
} from '../hostSupport';

const TEMPLATE = ['storefront', '.release', 'application_template.yaml'];

function diagnosticOnLineOf(document: vscode.TextDocument, needle: string, code: string) {
  const line = document
    .getText()
    .split('\n')
    .findIndex((text) => text.includes(needle));
  return ourDiagnostics(document.uri).find((d) => d.range.start.line === line && d.code === code);
}

describe('Diagnostics on a ReleaseHub template', () => {
  before(() => setClusterSettings('111111111111', 'us-east-1'));

  it('reports each finding kind with its code, severity and range on the image value', async () => {
    const document = await openTemplate(...TEMPLATE);
    const diagnostics = await waitForDiagnostics(document.uri, (found) => found.length >= 5);

    assert.deepEqual(codesOf(diagnostics), [
      'cross-account',
      'cross-account',
      'invalid-ecr-image',
      'region-mismatch',
      'unresolved-image',
    ]);

    const payments = diagnosticOnLineOf(document, 'payments/api', 'cross-account');
    assert.ok(payments, 'payments has a cross-account diagnostic');
    assert.equal(payments.severity, vscode.DiagnosticSeverity.Warning);
    // Quoted value: the range is inside the quotes.
    assert.equal(
      document.getText(payments.range),
      '222222222222.dkr.ecr.us-east-1.amazonaws.com/payments/api:v7',
    );
    assert.match(payments.message, /222222222222/);
    assert.match(payments.message, /111111111111/);
    assert.match(payments.message, /payments\/api/);

    const region = diagnosticOnLineOf(document, 'search/indexer', 'region-mismatch');
    assert.equal(region?.severity, vscode.DiagnosticSeverity.Error);
    assert.match(region?.message ?? '', /eu-west-1/);

    const invalid = diagnosticOnLineOf(document, '44444444444', 'invalid-ecr-image');
    assert.equal(invalid?.severity, vscode.DiagnosticSeverity.Error);
    assert.match(invalid?.message ?? '', /11 digits/);

    const unresolved = diagnosticOnLineOf(document, '${REGISTRY}', 'unresolved-image');
    assert.equal(unresolved?.severity, vscode.DiagnosticSeverity.Information);
  });

  it('reports nothing for same-account images, Docker Hub images and has_repo: true services', async () => {
    const document = await openTemplate(...TEMPLATE);
    await waitForDiagnostics(document.uri, (found) => found.length >= 5);
    for (const needle of ['storefront/cart', 'postgres:14', 'not/pulled', 'storefront/web']) {
      const line = document
        .getText()
        .split('\n')
        .findIndex((text) => text.includes(needle));
      const onLine = ourDiagnostics(document.uri).filter((d) => d.range.start.line === line);
      assert.deepEqual(onLine, [], `no diagnostic on the line of ${needle}`);
    }
  });

  it('leaves YAML files that are not templates alone', async () => {
    const plain = await vscode.workspace.openTextDocument(workspaceUri('broken.yaml'));
    const otherTool = await vscode.workspace.openTextDocument(
      workspaceUri('other-tool', 'services.yaml'),
    );
    // Open events are handled in order: once a template's diagnostics exist, the
    // earlier documents have been looked at too.
    const template = await openTemplate(...TEMPLATE);
    await waitForDiagnostics(template.uri, (found) => found.length > 0);
    assert.deepEqual(ourDiagnostics(plain.uri), []);
    assert.deepEqual(ourDiagnostics(otherTool.uri), []);
  });

  it('re-validates when the template is edited', async () => {
    const document = await openTemplate(...TEMPLATE);
    await waitForDiagnostics(document.uri, (found) => found.length >= 5);
    const start = document.getText().indexOf('222222222222.dkr');
    const edit = new vscode.WorkspaceEdit();
    edit.replace(
      document.uri,
      new vscode.Range(document.positionAt(start), document.positionAt(start + 12)),
      '111111111111',
    );
    assert.ok(await vscode.workspace.applyEdit(edit));

    const after = await waitForDiagnostics(
      document.uri,
      (found) => codesOf(found).filter((code) => code === 'cross-account').length === 1,
    );
    assert.equal(diagnosticOnLineOf(document, 'payments/api', 'cross-account'), undefined);
    assert.ok(after.some((d) => d.code === 'region-mismatch'));
    await vscode.commands.executeCommand('workbench.action.files.revert');
  });

  it('parses an edited version once for diagnostics, hover and quick fixes together', async () => {
    const extension = vscode.extensions.getExtension<ReleaseHubEcrApi>(EXTENSION_ID);
    assert.ok(extension);
    const api = await extension.activate();
    const parses = () => api.parseCounts().onThread + api.parseCounts().offThread;
    const document = await openTemplate(...TEMPLATE);
    await waitForDiagnostics(document.uri, (found) => found.length >= 5);
    const paymentsLine = diagnosticOnLineOf(document, 'payments/api', 'cross-account')?.range.start
      .line;
    assert.ok(paymentsLine !== undefined);

    const before = parses();
    const edit = new vscode.WorkspaceEdit();
    edit.insert(document.uri, new vscode.Position(0, 0), '# one more line\n');
    assert.ok(await vscode.workspace.applyEdit(edit));
    const moved = await waitForDiagnostics(document.uri, (found) =>
      found.some((d) => d.code === 'cross-account' && d.range.start.line === paymentsLine + 1),
    );
    const payments = moved.find((d) => d.range.start.line === paymentsLine + 1);
    assert.ok(payments);
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>(
      'vscode.executeHoverProvider',
      document.uri,
      payments.range.start,
    );
    assert.ok(hovers.length > 0, 'a hover on the image');
    const fixes = await quickFixesAt(document, payments.range);
    assert.ok(fixes.length > 0, 'quick fixes on the image');

    assert.equal(parses() - before, 1, 'one parse for the edited version');
    await vscode.commands.executeCommand('workbench.action.files.revert');
  });

  it('re-validates when the cluster settings change', async () => {
    const document = await openTemplate(...TEMPLATE);
    await waitForDiagnostics(document.uri, (found) =>
      found.some((d) => d.code === 'cross-account'),
    );

    await setClusterSettings('222222222222', 'us-east-1');
    const asPayments = await waitForDiagnostics(document.uri, (found) =>
      found.some((d) => d.code === 'cross-account' && /111111111111|333333333333/.test(d.message)),
    );
    assert.equal(diagnosticOnLineOf(document, 'payments/api', 'cross-account'), undefined);
    assert.ok(asPayments.length > 0);

    await setClusterSettings('111111111111', 'us-east-1');
    await waitForDiagnostics(document.uri, (found) =>
      found.some((d) => d.code === 'cross-account' && /payments\/api/.test(d.message)),
    );
  });

  it('shows one cluster-not-configured finding instead of a flood when settings are missing', async () => {
    const document = await openTemplate(...TEMPLATE);
    await setClusterSettings(undefined, undefined);
    const diagnostics = await waitForDiagnostics(document.uri, (found) =>
      found.some((d) => d.code === 'cluster-not-configured'),
    );
    assert.deepEqual(codesOf(diagnostics), [
      'cluster-not-configured',
      'invalid-ecr-image',
      'unresolved-image',
    ]);
    await setClusterSettings('111111111111', 'us-east-1');
    await waitForDiagnostics(document.uri, (found) =>
      found.some((d) => d.code === 'cross-account'),
    );
  });
});
