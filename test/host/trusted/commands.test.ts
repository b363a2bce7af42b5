import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import {
  EXTENSION_ID,
  nextOpenedDocument,
  openTemplate,
  ourDiagnostics,
  setClusterSettings,
  waitForDiagnostics,
  workspaceUri,
} from '../hostSupport';

interface Contributions {
  contributes: { commands: { command: string }[] };
}

describe('Commands and activation', () => {
  before(() => setClusterSettings('111111111111', 'us-east-1'));

  it('activates in a workspace holding a ReleaseHub template', async () => {
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(extension, 'extension is installed');
    const api = (await extension.activate()) as { activationMs: number };
    assert.equal(extension.isActive, true);
    assert.equal(typeof api.activationMs, 'number');
    // Reported, not asserted: timings in tests are flaky.
    console.log(`      activation took ${api.activationMs.toFixed(1)} ms`);
  });

  it('registers every contributed command', async () => {
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    const contributed = (extension?.packageJSON as Contributions).contributes.commands.map(
      (entry) => entry.command,
    );
    const registered = new Set(await vscode.commands.getCommands(true));
    assert.ok(contributed.length >= 10);
    for (const command of contributed) {
      assert.ok(registered.has(command), `${command} is registered`);
    }
  });

  it('configures the cluster and saves it to the settings', async () => {
    const saved = await vscode.commands.executeCommand<boolean>('releasehubEcr.configureCluster', {
      account: 'arn:aws:iam::999999999999:user/releasehub',
      region: 'eu-central-1',
    });
    assert.equal(saved, true);
    const configuration = vscode.workspace.getConfiguration('releasehubEcr');
    assert.equal(configuration.get('cluster.account'), 'arn:aws:iam::999999999999:user/releasehub');
    assert.equal(configuration.get('cluster.region'), 'eu-central-1');
    await vscode.workspace
      .getConfiguration('releasehubEcr')
      .update('cluster.account', undefined, vscode.ConfigurationTarget.Workspace);
    await vscode.workspace
      .getConfiguration('releasehubEcr')
      .update('cluster.region', undefined, vscode.ConfigurationTarget.Workspace);
    await setClusterSettings('111111111111', 'us-east-1');
  });

  it('refuses to save an invalid cluster account', async () => {
    const saved = await vscode.commands.executeCommand<boolean>('releasehubEcr.configureCluster', {
      account: '12345',
      region: 'us-east-1',
    });
    assert.equal(saved, false);
    assert.equal(
      vscode.workspace.getConfiguration('releasehubEcr').get('cluster.account'),
      '111111111111',
    );
  });

  it('checks the current template on request and returns the number of findings', async () => {
    await openTemplate('storefront', '.release', 'application_template.yaml');
    const count = await vscode.commands.executeCommand<number>('releasehubEcr.checkTemplate');
    assert.equal(count, 5);
  });

  it('checks every template in the workspace, open or not', async () => {
    const summary = await vscode.commands.executeCommand<{ templates: number; findings: number }>(
      'releasehubEcr.checkWorkspaceTemplates',
    );
    assert.equal(summary.templates, 2);
    assert.ok(summary.findings >= 6);
    const pointed = workspaceUri('pointed', 'deploy', 'first.yaml');
    assert.deepEqual(
      ourDiagnostics(pointed).map((d) => d.code),
      ['cross-account'],
    );
  });

  it('shows the policy for the image under the cursor', async () => {
    const document = await openTemplate('storefront', '.release', 'application_template.yaml');
    const editor = vscode.window.activeTextEditor;
    assert.ok(editor);
    const offset = document.getText().indexOf('search/indexer');
    editor.selection = new vscode.Selection(
      document.positionAt(offset),
      document.positionAt(offset),
    );

    const opened = nextOpenedDocument(
      (doc) => doc.isUntitled && /search\/indexer/.test(doc.getText()),
    );
    await vscode.commands.executeCommand('releasehubEcr.showPolicyAtCursor');
    assert.match((await opened).getText(), /account 333333333333, region eu-west-1/);
  });

  it('shows the log without error', async () => {
    await vscode.commands.executeCommand('releasehubEcr.showLog');
  });
});

describe('Template pointers', () => {
  before(() => setClusterSettings('111111111111', 'us-east-1'));

  it('follows a .release.yaml pointer and re-validates when it changes', async () => {
    const first = await openTemplate('pointed', 'deploy', 'first.yaml');
    await waitForDiagnostics(first.uri, (found) => found.some((d) => d.code === 'cross-account'));
    const second = await openTemplate('pointed', 'deploy', 'second.yaml');
    assert.deepEqual(ourDiagnostics(second.uri), []);

    const pointer = await openTemplate('pointed', '.release.yaml');
    const edit = new vscode.WorkspaceEdit();
    edit.replace(
      pointer.uri,
      new vscode.Range(0, 0, pointer.lineCount, 0),
      'application_template: deploy/second.yaml\n',
    );
    assert.ok(await vscode.workspace.applyEdit(edit));

    await waitForDiagnostics(second.uri, (found) => found.some((d) => d.code === 'cross-account'));
    await waitForDiagnostics(first.uri, (found) => found.length === 0);
    await vscode.commands.executeCommand('workbench.action.files.revert');
  });
});
