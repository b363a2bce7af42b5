import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { ReleaseHubEcrApi } from '../../../src/vscode/extension';
import { EXTENSION_ID, setClusterSettings, waitForDiagnostics, workspaceUri } from '../hostSupport';

const SERVICES = 1_500;
const CROSS_ACCOUNT_EVERY = 4;
const TEMPLATE = ['large', '.release', 'application_template.yaml'];

function service(index: number, account: string): string {
  return (
    `  - name: service-${index}\n` +
    `    has_repo: false\n` +
    `    image: ${account}.dkr.ecr.us-east-1.amazonaws.com/fleet/service-${index}:1\n` +
    `    ports: [8080]\n`
  );
}

/** A template big enough to be parsed on the parse thread (over 100,000 characters). */
function largeTemplate(): string {
  const services = Array.from({ length: SERVICES }, (_, index) =>
    service(index, index % CROSS_ACCOUNT_EVERY === 0 ? '222222222222' : '111111111111'),
  );
  return `# ${SERVICES} services\nservices:\n${services.join('')}`;
}

describe('A template too big to parse on the extension host thread', () => {
  let api: ReleaseHubEcrApi;
  const uri = workspaceUri(...TEMPLATE);
  const expectedFindings = Math.ceil(SERVICES / CROSS_ACCOUNT_EVERY);

  before(async () => {
    await setClusterSettings('111111111111', 'us-east-1');
    const extension = vscode.extensions.getExtension<ReleaseHubEcrApi>(EXTENSION_ID);
    assert.ok(extension);
    api = await extension.activate();
    await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(largeTemplate()));
  });

  after(async () => {
    // The editor keeps closed documents for a while; an empty one leaves later suites (live
    // checks read every repository of every open template) nothing of this one to work on.
    const document = await vscode.workspace.openTextDocument(uri);
    const edit = new vscode.WorkspaceEdit();
    edit.replace(uri, new vscode.Range(0, 0, document.lineCount, 0), 'services: []\n');
    await vscode.workspace.applyEdit(edit);
    await document.save();
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
    await vscode.workspace.fs.delete(vscode.Uri.joinPath(uri, '..', '..'), { recursive: true });
  });

  it('is parsed on the parse thread, with every finding on the right text', async () => {
    const before = api.parseCounts().offThread;
    const document = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(document);
    assert.ok(document.getText().length > 100_000);

    const diagnostics = await waitForDiagnostics(uri, (found) => found.length === expectedFindings);
    assert.ok(api.parseCounts().offThread > before, 'parsed on the parse thread');
    for (const diagnostic of [diagnostics[0], diagnostics[diagnostics.length - 1]]) {
      assert.equal(diagnostic.code, 'cross-account');
      assert.match(document.getText(diagnostic.range), /^222222222222\.dkr\.ecr\..+:1$/);
    }
  });

  it('follows an edit, and hovers on the new image', async () => {
    const document = await vscode.workspace.openTextDocument(uri);
    const added = service(SERVICES, '333333333333');
    const insertAt = document.positionAt(document.getText().indexOf('  - name: service-0\n'));
    const edit = new vscode.WorkspaceEdit();
    edit.insert(uri, insertAt, added);
    assert.ok(await vscode.workspace.applyEdit(edit));

    const diagnostics = await waitForDiagnostics(
      uri,
      (found) => found.length === expectedFindings + 1,
    );
    const newImage = `333333333333.dkr.ecr.us-east-1.amazonaws.com/fleet/service-${SERVICES}:1`;
    const onNewImage = diagnostics.find((d) => document.getText(d.range) === newImage);
    assert.ok(onNewImage, 'a diagnostic on the added image');
    assert.equal(onNewImage.range.start.line, insertAt.line + 2);

    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>(
      'vscode.executeHoverProvider',
      uri,
      onNewImage.range.start.translate(0, 3),
    );
    const text = hovers
      .flatMap((hover) => hover.contents)
      .map((content) => (typeof content === 'string' ? content : content.value))
      .join('\n');
    assert.match(text, /333333333333/);
  });
});
