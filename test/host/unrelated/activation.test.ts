import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { ReleaseHubEcrApi } from '../../../src/vscode/extension';
import { EXTENSION_ID, ourDiagnostics, workspaceUri } from '../hostSupport';

// A safety net for a hung test, not a timing assertion.
const ACTIVATION_TIMEOUT_MS = 15_000;

async function activated(extension: vscode.Extension<ReleaseHubEcrApi>): Promise<void> {
  const deadline = Date.now() + ACTIVATION_TIMEOUT_MS;
  while (!extension.isActive) {
    if (Date.now() > deadline) {
      throw new Error('the extension never activated');
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('In a workspace without ReleaseHub templates', () => {
  const extension = vscode.extensions.getExtension<ReleaseHubEcrApi>(EXTENSION_ID);

  // The workbench has restored the window and opened nothing: no activation event applied.
  it('is not activated at start-up', () => {
    assert.ok(extension, 'the extension is installed');
    assert.equal(extension.isActive, false);
  });

  it('activates for a YAML file, finds no template and parses nothing', async () => {
    assert.ok(extension);
    const plain = await vscode.workspace.openTextDocument(workspaceUri('config', 'app.yaml'));
    await vscode.window.showTextDocument(plain);
    await activated(extension);
    const api = extension.exports;
    console.log(`      activation took ${api.activationMs.toFixed(1)} ms`);

    const summary = await vscode.commands.executeCommand<{ templates: number }>(
      'releasehubEcr.checkWorkspaceTemplates',
    );
    assert.equal(summary.templates, 0);
    assert.deepEqual(api.parseCounts(), { onThread: 0, offThread: 0 });
    assert.deepEqual(ourDiagnostics(plain.uri), []);
  });
});
