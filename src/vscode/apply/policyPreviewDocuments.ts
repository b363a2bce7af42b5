import * as vscode from 'vscode';

export const PREVIEW_SCHEME = 'releasehub-ecr-policy';

/**
 * Read-only in-memory documents for the diff editor: the current and the proposed policy.
 * Nothing is written to disk, so a preview never leaves policy text behind.
 */
export class PolicyPreviewDocuments
  implements vscode.TextDocumentContentProvider, vscode.Disposable
{
  private readonly texts = new Map<string, string>();
  private readonly changeEmitter = new vscode.EventEmitter<vscode.Uri>();
  private counter = 0;
  readonly onDidChange = this.changeEmitter.event;

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.texts.get(uri.toString()) ?? '';
  }

  /** Opens a side-by-side diff of two policy texts and returns once it is shown. */
  async showDiff(title: string, leftName: string, left: string, rightName: string, right: string) {
    const id = ++this.counter;
    const leftUri = this.store(`${id}/${leftName}.json`, left);
    const rightUri = this.store(`${id}/${rightName}.json`, right);
    await vscode.commands.executeCommand('vscode.diff', leftUri, rightUri, title, {
      preview: true,
    });
  }

  private store(path: string, text: string): vscode.Uri {
    const uri = vscode.Uri.from({ scheme: PREVIEW_SCHEME, path: `/${path}` });
    this.texts.set(uri.toString(), text);
    this.changeEmitter.fire(uri);
    return uri;
  }

  dispose(): void {
    this.texts.clear();
    this.changeEmitter.dispose();
  }
}
