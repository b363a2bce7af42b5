import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { openTemplate, quickFixesAt, setClusterSettings, waitForDiagnostics } from '../hostSupport';

describe('In an untrusted workspace', () => {
  before(() => setClusterSettings('111111111111', 'us-east-1'));

  it('runs in restricted mode', () => {
    assert.equal(vscode.workspace.isTrusted, false);
  });

  it('still shows diagnostics and the offline quick fixes', async () => {
    const document = await openTemplate('storefront', '.release', 'application_template.yaml');
    const diagnostics = await waitForDiagnostics(document.uri, (found) =>
      found.some((d) => d.code === 'cross-account'),
    );
    const crossAccount = diagnostics.find((d) => d.code === 'cross-account');
    assert.ok(crossAccount);

    const titles = (await quickFixesAt(document, crossAccount.range)).map((fix) => fix.title);
    assert.ok(
      titles.some((title) => title.startsWith('Show repository policy')),
      titles.join(' | '),
    );
    assert.ok(!titles.some((title) => title.startsWith('Apply')), titles.join(' | '));
  });

  it('refuses AWS actions', async () => {
    const document = await openTemplate('storefront', '.release', 'application_template.yaml');
    const editor = vscode.window.activeTextEditor;
    assert.ok(editor);
    const offset = document.getText().indexOf('payments/api');
    editor.selection = new vscode.Selection(
      document.positionAt(offset),
      document.positionAt(offset),
    );
    const outcome = await vscode.commands.executeCommand('releasehubEcr.applyRepositoryPolicy');
    assert.equal(outcome, undefined);
  });
});
