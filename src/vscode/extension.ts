import * as path from 'path';
import * as vscode from 'vscode';
import { TemplateParseThread } from '../offThread/templateParseThread';
import { AnalysisCache, ParseCounts } from './analysisCache';
import { AppliedPolicyChange } from '../aws/policyApplier';
import { AppliedChangeHistory } from './apply/appliedChangeHistory';
import { selectAwsProfile } from './apply/awsProfiles';
import { PREVIEW_SCHEME, PolicyPreviewDocuments } from './apply/policyPreviewDocuments';
import { PolicyWriter } from './apply/policyWriter';
import { fixAllInTemplate } from './apply/fixAll';
import { ImageHoverProvider } from './hover/imageHover';
import { ClusterStatusItem } from './live/clusterStatusItem';
import { LiveAccessChecker } from './live/liveAccessChecker';
import { ReleaseHubCodeActions } from './codeActions';
import { checkWorkspaceTemplates } from './commands/checkWorkspaceTemplates';
import { COMMANDS } from './commands/commandIds';
import { ClusterAnswers, configureCluster } from './commands/configureCluster';
import { copyRepositoryPolicy, showRepositoryPolicy } from './commands/repositoryPolicyCommands';
import { policyAtCursor } from './commands/showPolicyAtCursor';
import { DiagnosticsPublisher } from './diagnosticsPublisher';
import { Log, createLog } from './log';
import { PolicyTarget, isPolicyTarget } from './policyTarget';
import { affectsExtension, readClusterConfiguration } from './settings';
import { TemplateRecognizer } from './templateRecognizer';

/** What other extensions (and the extension-host tests) can reach. */
export interface ReleaseHubEcrApi {
  readonly codeActions: ReleaseHubCodeActions;
  /** Its `confirmations` can be replaced to answer the write dialogs (tests). */
  readonly policyWriter: PolicyWriter;
  /** How long activate() took, in milliseconds (reported by the host tests). */
  readonly activationMs: number;
  /** Parses so far on the extension host's thread and on the parse thread. */
  parseCounts(): ParseCounts;
}

const TEMPLATE_SELECTOR: vscode.DocumentSelector = [
  { language: 'yaml', scheme: 'file' },
  { language: 'yaml', scheme: 'vscode-remote' },
];

// Activation registers listeners only; reading pointers and files starts afterwards.
export function activate(context: vscode.ExtensionContext): ReleaseHubEcrApi {
  const started = performance.now();
  const log = createLog();
  const live = new LiveAccessChecker(log);
  const cache = new AnalysisCache(
    live,
    new TemplateParseThread(context.asAbsolutePath(path.join('dist', 'parseWorker.js'))),
    log,
  );
  const recognizer = new TemplateRecognizer(log);
  const publisher = new DiagnosticsPublisher(cache, recognizer, log);
  const codeActions = new ReleaseHubCodeActions(cache);
  const previews = new PolicyPreviewDocuments();
  const policyWriter = new PolicyWriter(
    previews,
    new AppliedChangeHistory(context.globalState),
    log,
  );
  const status = new ClusterStatusItem(cache, publisher, live);
  context.subscriptions.push(log, live, cache, recognizer, publisher, previews, status);

  context.subscriptions.push(
    vscode.languages.registerCodeActionsProvider(TEMPLATE_SELECTOR, codeActions, {
      providedCodeActionKinds: ReleaseHubCodeActions.providedCodeActionKinds,
    }),
    vscode.workspace.registerTextDocumentContentProvider(PREVIEW_SCHEME, previews),
    codeActions.addCrossAccountFixes((finding, diagnostic) =>
      policyWriter.applyFixes(finding, diagnostic),
    ),
    vscode.languages.registerHoverProvider(
      TEMPLATE_SELECTOR,
      new ImageHoverProvider(cache, publisher),
    ),
    live.onDidChange(() => {
      publisher.refreshAllOpen();
      status.update();
    }),
    vscode.window.onDidChangeActiveTextEditor(() => status.update()),
    vscode.languages.onDidChangeDiagnostics(() => status.update()),
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (
        event.affectsConfiguration('releasehubEcr.aws') ||
        event.affectsConfiguration('releasehubEcr.liveChecks')
      ) {
        live.refresh();
      }
      status.update();
    }),
    vscode.workspace.onDidGrantWorkspaceTrust(() => live.refresh()),
    policyWriter.onDidWritePolicy(() => live.refresh()),
    ...registerDocumentEvents(publisher, recognizer, cache, log),
    ...registerCommands(publisher, recognizer, cache, log),
    ...registerAwsCommands(policyWriter, cache, live),
  );

  // The first analysis and the pointer search run after activation has returned.
  const firstPass = setTimeout(() => {
    publisher.refreshAllOpen();
    recognizer
      .start()
      .catch((error: unknown) => log.error(`Could not read pointers: ${String(error)}`));
  }, 0);
  context.subscriptions.push({ dispose: () => clearTimeout(firstPass) });

  const activationMs = performance.now() - started;
  log.debug(`Activated in ${activationMs.toFixed(1)} ms`);
  return { codeActions, policyWriter, activationMs, parseCounts: () => cache.parseCounts };
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions.
}

function registerDocumentEvents(
  publisher: DiagnosticsPublisher,
  recognizer: TemplateRecognizer,
  cache: AnalysisCache,
  log: Log,
): vscode.Disposable[] {
  let warnedInvalidKey: string | null = null;
  const warnIfInvalid = () => {
    const cluster = readClusterConfiguration(undefined);
    if (cluster.state === 'invalid' && cluster.key !== warnedInvalidKey) {
      warnedInvalidKey = cluster.key;
      log.warn(`Invalid cluster settings: ${cluster.error}`);
      void vscode.window
        .showWarningMessage(
          vscode.l10n.t('ReleaseHub ECR: cluster settings are invalid: {0}', cluster.error),
          vscode.l10n.t('Configure'),
        )
        .then((choice) => choice && vscode.commands.executeCommand(COMMANDS.configureCluster));
    }
  };
  warnIfInvalid();

  return [
    vscode.workspace.onDidOpenTextDocument((document) => publisher.refreshInBackground(document)),
    vscode.workspace.onDidChangeTextDocument((event) => {
      if (event.contentChanges.length === 0) {
        return;
      }
      if (recognizer.isPointer(event.document)) {
        recognizer.updatePointerFromText(event.document.uri, event.document.getText());
      }
      publisher.scheduleRefresh(event.document);
    }),
    vscode.workspace.onDidCloseTextDocument((document) => publisher.forget(document)),
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (affectsExtension(event)) {
        cache.clear();
        warnIfInvalid();
        publisher.refreshAllOpen();
      }
    }),
    recognizer.onDidChange(() => publisher.refreshAllOpen()),
  ];
}

function registerCommands(
  publisher: DiagnosticsPublisher,
  recognizer: TemplateRecognizer,
  cache: AnalysisCache,
  log: Log,
): vscode.Disposable[] {
  const register = vscode.commands.registerCommand;
  return [
    register(COMMANDS.checkTemplate, () => checkActiveTemplate(publisher)),
    register(COMMANDS.checkWorkspace, async () => {
      const summary = await checkWorkspaceTemplates(recognizer, publisher, log);
      void vscode.window.showInformationMessage(
        vscode.l10n.t(
          'Checked {0} ReleaseHub template(s): {1} finding(s).',
          summary.templates,
          summary.findings,
        ),
      );
      return summary;
    }),
    register(COMMANDS.configureCluster, (answers?: ClusterAnswers) => configureCluster(answers)),
    register(COMMANDS.showRepositoryPolicy, (target?: PolicyTarget) =>
      withPolicyTarget(target, cache, (chosen) => showRepositoryPolicy(chosen, log)),
    ),
    register(COMMANDS.copyRepositoryPolicy, (target?: PolicyTarget) =>
      withPolicyTarget(target, cache, (chosen) => copyRepositoryPolicy(chosen, log)),
    ),
    register(COMMANDS.showPolicyAtCursor, () =>
      withPolicyTarget(undefined, cache, (chosen) => showRepositoryPolicy(chosen, log)),
    ),
    register(COMMANDS.showLog, () => log.show(true)),
  ];
}

function registerAwsCommands(
  policyWriter: PolicyWriter,
  cache: AnalysisCache,
  live: LiveAccessChecker,
): vscode.Disposable[] {
  const register = vscode.commands.registerCommand;
  return [
    register(COMMANDS.applyRepositoryPolicy, (target?: PolicyTarget) =>
      withPolicyTarget(target, cache, (chosen) => policyWriter.apply(chosen)),
    ),
    register(COMMANDS.undoRepositoryPolicy, (change?: AppliedPolicyChange) =>
      policyWriter.undo(change),
    ),
    register(COMMANDS.selectAwsProfile, () => selectAwsProfile()),
    register(COMMANDS.refreshAccessChecks, () => live.refresh()),
    register(COMMANDS.fixAllInTemplate, async (uri?: vscode.Uri) => {
      const document = uri
        ? await vscode.workspace.openTextDocument(uri)
        : vscode.window.activeTextEditor?.document;
      if (document === undefined) {
        void vscode.window.showWarningMessage(
          vscode.l10n.t('Open a ReleaseHub application template first.'),
        );
        return undefined;
      }
      return fixAllInTemplate(document, cache, policyWriter);
    }),
  ];
}

async function checkActiveTemplate(publisher: DiagnosticsPublisher): Promise<number | undefined> {
  const editor = vscode.window.activeTextEditor;
  if (editor === undefined) {
    void vscode.window.showWarningMessage(
      vscode.l10n.t('Open a ReleaseHub application template first.'),
    );
    return undefined;
  }
  const count = await publisher.refreshOnRequest(editor.document);
  void vscode.window.showInformationMessage(
    vscode.l10n.t(
      '{0} finding(s) in {1}.',
      count,
      vscode.workspace.asRelativePath(editor.document.uri),
    ),
  );
  return count;
}

/** Runs a policy command on the given target, or on the ECR image under the cursor. */
async function withPolicyTarget<T>(
  target: PolicyTarget | undefined,
  cache: AnalysisCache,
  run: (target: PolicyTarget) => Promise<T>,
): Promise<T | undefined> {
  if (isPolicyTarget(target)) {
    return run(target);
  }
  const editor = vscode.window.activeTextEditor;
  if (editor === undefined) {
    void vscode.window.showWarningMessage(
      vscode.l10n.t('Put the cursor on an ECR image in a template.'),
    );
    return undefined;
  }
  const found = await policyAtCursor(editor, cache);
  switch (found.kind) {
    case 'policy':
      return run(found.target);
    case 'no-cluster': {
      const configure = vscode.l10n.t('Configure');
      const choice = await vscode.window.showWarningMessage(
        vscode.l10n.t('Configure the ReleaseHub cluster first: the policy names its IAM user.'),
        configure,
      );
      if (choice === configure) {
        await vscode.commands.executeCommand(COMMANDS.configureCluster);
      }
      return undefined;
    }
    case 'not-ecr':
      void vscode.window.showInformationMessage(
        vscode.l10n.t(
          'The image under the cursor is not in a private ECR repository: no policy applies.',
        ),
      );
      return undefined;
    case 'still-editing':
      void vscode.window.showInformationMessage(
        vscode.l10n.t('The template changed while it was being read: try again.'),
      );
      return undefined;
    case 'no-image':
      void vscode.window.showWarningMessage(
        vscode.l10n.t('Put the cursor on an ECR image in a template.'),
      );
      return undefined;
  }
}
