import * as vscode from 'vscode';
import { DiagnosticsPublisher } from '../diagnosticsPublisher';
import { Log } from '../log';
import { TemplateRecognizer } from '../templateRecognizer';

export interface WorkspaceCheckSummary {
  readonly templates: number;
  readonly findings: number;
  readonly unreadable: number;
}

/** Checks every template in the workspace; open documents are read with their unsaved edits. */
export async function checkWorkspaceTemplates(
  recognizer: TemplateRecognizer,
  publisher: DiagnosticsPublisher,
  log: Log,
): Promise<WorkspaceCheckSummary> {
  return vscode.window.withProgress(
    {
      location: vscode.ProgressLocation.Window,
      title: vscode.l10n.t('Checking ReleaseHub templates'),
    },
    async () => {
      const uris = await recognizer.findWorkspaceTemplates();
      let findings = 0;
      let unreadable = 0;
      for (const uri of uris) {
        const open = vscode.workspace.textDocuments.find(
          (doc) => doc.uri.toString() === uri.toString(),
        );
        if (open) {
          findings += (await publisher.refresh(open)) ?? 0;
          continue;
        }
        try {
          const text = new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
          findings += await publisher.refreshFromDisk(uri, text);
        } catch (error) {
          unreadable++;
          log.error(`Could not read template ${uri.fsPath}: ${String(error)}`);
        }
      }
      log.info(`Checked ${uris.length} template(s), ${findings} finding(s)`);
      return { templates: uris.length, findings, unreadable };
    },
  );
}
