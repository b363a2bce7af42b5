// Helpers shared by the extension-host suites: they wait for the events the extension
// raises, never for fixed delays.
import * as vscode from 'vscode';
import { FakeAws } from '../support/fakeAws';

export const EXTENSION_ID = 'releasehub-ecr-access.releasehub-ecr-access';
export const SOURCE = 'ReleaseHub ECR';

// A safety net for a hung test, not a timing assertion.
const EVENT_TIMEOUT_MS = 15_000;

export function workspaceUri(...segments: string[]): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (folder === undefined) {
    throw new Error('the host tests need the test workspace folder open');
  }
  return vscode.Uri.joinPath(folder.uri, ...segments);
}

export function ourDiagnostics(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((diagnostic) => diagnostic.source === SOURCE);
}

/** Resolves once the document's diagnostics satisfy `accept`, checking on every change. */
export function waitForDiagnostics(
  uri: vscode.Uri,
  accept: (diagnostics: vscode.Diagnostic[]) => boolean,
): Promise<vscode.Diagnostic[]> {
  return new Promise((resolve, reject) => {
    const subscription = vscode.languages.onDidChangeDiagnostics((event) => {
      if (event.uris.some((changed) => changed.toString() === uri.toString())) {
        check();
      }
    });
    const timer = setTimeout(() => {
      subscription.dispose();
      const seen = ourDiagnostics(uri).map((d) => `${codeOf(d)}@${d.range.start.line}`);
      reject(new Error(`diagnostics of ${uri.path} never matched; last: ${seen.join(', ')}`));
    }, EVENT_TIMEOUT_MS);
    function check(): void {
      const diagnostics = ourDiagnostics(uri);
      if (accept(diagnostics)) {
        clearTimeout(timer);
        subscription.dispose();
        resolve(diagnostics);
      }
    }
    check();
  });
}

export function codesOf(diagnostics: readonly vscode.Diagnostic[]): string[] {
  return diagnostics.map(codeOf).sort();
}

export async function setClusterSettings(account: string | undefined, region: string | undefined) {
  const configuration = vscode.workspace.getConfiguration('releasehubEcr');
  await configuration.update('cluster.account', account, vscode.ConfigurationTarget.Global);
  await configuration.update('cluster.region', region, vscode.ConfigurationTarget.Global);
}

export async function openTemplate(...segments: string[]): Promise<vscode.TextDocument> {
  const document = await vscode.workspace.openTextDocument(workspaceUri(...segments));
  await vscode.window.showTextDocument(document);
  return document;
}

export async function quickFixesAt(document: vscode.TextDocument, range: vscode.Range) {
  const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>(
    'vscode.executeCodeActionProvider',
    document.uri,
    range,
    vscode.CodeActionKind.QuickFix.value,
  );
  return actions ?? [];
}

/** Resolves with the next document VS Code opens that satisfies `accept`. */
export function nextOpenedDocument(
  accept: (document: vscode.TextDocument) => boolean,
): Promise<vscode.TextDocument> {
  return new Promise((resolve, reject) => {
    const subscription = vscode.workspace.onDidOpenTextDocument((document) => {
      if (accept(document)) {
        clearTimeout(timer);
        subscription.dispose();
        resolve(document);
      }
    });
    const timer = setTimeout(() => {
      subscription.dispose();
      reject(new Error('expected document was never opened'));
    }, EVENT_TIMEOUT_MS);
  });
}

/** Our diagnostics carry plain string codes. */
function codeOf(diagnostic: vscode.Diagnostic): string {
  return typeof diagnostic.code === 'string' ? diagnostic.code : JSON.stringify(diagnostic.code);
}

/**
 * Starts the loopback fake ECR and STS, signs the extension host in to `account` with static
 * keys (the extension shares this process's environment) and points the endpoint setting at
 * the fake. `stop` undoes all three.
 */
export async function startSignedInFake(account: string, user: string) {
  const fake = new FakeAws();
  await fake.start();
  const credentials = fake.addCredentials({
    accessKeyId: `AKID${user.toUpperCase().replace(/[^A-Z]/g, '')}`,
    account,
    arn: `arn:aws:iam::${account}:user/${user}`,
  });
  const savedEnv = { ...process.env };
  process.env.AWS_ACCESS_KEY_ID = credentials.accessKeyId;
  process.env.AWS_SECRET_ACCESS_KEY = credentials.secretAccessKey;
  process.env.AWS_EC2_METADATA_DISABLED = 'true';
  const configuration = vscode.workspace.getConfiguration('releasehubEcr');
  await configuration.update('aws.endpoint', fake.url, vscode.ConfigurationTarget.Global);

  const stop = async () => {
    await vscode.workspace
      .getConfiguration('releasehubEcr')
      .update('aws.endpoint', undefined, vscode.ConfigurationTarget.Global);
    process.env = savedEnv;
    await fake.stop();
  };
  return { fake, stop };
}
