import * as vscode from 'vscode';
import { POINTER_FILE_NAME, readTemplatePointer } from '../core/templateLocator';
import { Log } from './log';
import { readExtraTemplateGlobs } from './settings';

const DEFAULT_TEMPLATE_GLOB = '**/.release/application_template.{yaml,yml}';
const POINTER_GLOB = `**/${POINTER_FILE_NAME}`;

/**
 * Decides which documents are ReleaseHub templates: the default location, files named by a
 * `.release.yaml` pointer, and the user's extra globs. Pointers are read in the background
 * after activation, and again whenever one changes.
 */
export class TemplateRecognizer implements vscode.Disposable {
  /** Template URI → the pointer file that names it. */
  private readonly pointedTemplates = new Map<string, string>();
  private readonly changeEmitter = new vscode.EventEmitter<void>();
  private readonly disposables: vscode.Disposable[] = [this.changeEmitter];
  private pointersLoaded: Promise<void> | null = null;

  /** Fires when the set of recognised templates may have changed. */
  readonly onDidChange = this.changeEmitter.event;

  constructor(private readonly log: Log) {}

  /** Starts reading pointers and watching them; call once, after activation. */
  start(): Promise<void> {
    if (this.pointersLoaded === null) {
      const watcher = vscode.workspace.createFileSystemWatcher(POINTER_GLOB);
      this.disposables.push(
        watcher,
        watcher.onDidCreate((uri) => this.reloadPointer(uri)),
        watcher.onDidChange((uri) => this.reloadPointer(uri)),
        watcher.onDidDelete((uri) => this.forgetPointer(uri)),
      );
      this.pointersLoaded = this.loadAllPointers();
    }
    return this.pointersLoaded;
  }

  isTemplate(document: vscode.TextDocument): boolean {
    if (document.uri.scheme !== 'file' && document.uri.scheme !== 'vscode-remote') {
      return false;
    }
    if (vscode.languages.match({ pattern: DEFAULT_TEMPLATE_GLOB }, document) > 0) {
      return true;
    }
    if (this.pointedTemplates.has(document.uri.toString())) {
      return true;
    }
    return readExtraTemplateGlobs(document.uri).some(
      (pattern) => vscode.languages.match({ pattern }, document) > 0,
    );
  }

  isPointer(document: vscode.TextDocument): boolean {
    return document.uri.path.endsWith(`/${POINTER_FILE_NAME}`);
  }

  /** Every template the workspace holds: default locations, pointer targets, extra globs. */
  async findWorkspaceTemplates(token?: vscode.CancellationToken): Promise<vscode.Uri[]> {
    await this.start();
    const globs = [DEFAULT_TEMPLATE_GLOB, ...readExtraTemplateGlobs(undefined)];
    const found = new Map<string, vscode.Uri>();
    for (const glob of globs) {
      for (const uri of await vscode.workspace.findFiles(
        glob,
        '**/node_modules/**',
        undefined,
        token,
      )) {
        found.set(uri.toString(), uri);
      }
    }
    for (const uri of this.pointedTemplates.keys()) {
      found.set(uri, vscode.Uri.parse(uri));
    }
    return [...found.values()].sort((a, b) => a.toString().localeCompare(b.toString()));
  }

  /** Re-reads a pointer from an open editor's text (unsaved edits count). */
  updatePointerFromText(pointer: vscode.Uri, text: string): void {
    if (this.applyPointer(pointer, text)) {
      this.changeEmitter.fire();
    }
  }

  private async loadAllPointers(): Promise<void> {
    const pointers = await vscode.workspace.findFiles(POINTER_GLOB, '**/node_modules/**');
    let changed = false;
    for (const pointer of pointers) {
      changed = (await this.readPointerFile(pointer)) || changed;
    }
    this.log.debug(`Read ${pointers.length} ${POINTER_FILE_NAME} file(s)`);
    if (changed) {
      this.changeEmitter.fire();
    }
  }

  private async reloadPointer(pointer: vscode.Uri): Promise<void> {
    if (await this.readPointerFile(pointer)) {
      this.changeEmitter.fire();
    }
  }

  private forgetPointer(pointer: vscode.Uri): void {
    if (this.applyPointer(pointer, null)) {
      this.changeEmitter.fire();
    }
  }

  private async readPointerFile(pointer: vscode.Uri): Promise<boolean> {
    try {
      const bytes = await vscode.workspace.fs.readFile(pointer);
      return this.applyPointer(pointer, new TextDecoder().decode(bytes));
    } catch (error) {
      this.log.warn(`Could not read ${pointer.fsPath}: ${String(error)}`);
      return this.applyPointer(pointer, null);
    }
  }

  /** Returns true when the pointer's target changed. */
  private applyPointer(pointer: vscode.Uri, text: string | null): boolean {
    const pointerKey = pointer.toString();
    const previous = [...this.pointedTemplates].find(([, source]) => source === pointerKey)?.[0];
    const target = text === null ? null : readTemplatePointer(text);
    const next =
      target === null ? undefined : vscode.Uri.joinPath(pointer, '..', target).toString();
    if (previous === next) {
      return false;
    }
    if (previous !== undefined) {
      this.pointedTemplates.delete(previous);
    }
    if (next !== undefined) {
      this.pointedTemplates.set(next, pointerKey);
      this.log.info(`Template named by ${POINTER_FILE_NAME}: ${next}`);
    }
    return true;
  }

  dispose(): void {
    for (const disposable of this.disposables) {
      disposable.dispose();
    }
  }
}
