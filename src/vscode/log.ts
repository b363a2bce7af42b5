import * as vscode from 'vscode';

/**
 * The extension's one log. Its level follows the user's choice in the Output view; it is
 * never revealed on its own. Log text stays English (not localized) so reports are readable.
 */
export type Log = vscode.LogOutputChannel;

export function createLog(): Log {
  return vscode.window.createOutputChannel('ReleaseHub ECR', { log: true });
}
