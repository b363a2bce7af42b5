// Mocha loader that runs inside the VS Code extension host (see scripts/host-test/run.js).
// The workbench loads the compiled file (out/test/host/index.js) as `extensionTestsPath` and
// awaits run(): resolving exits the extension host with 0, rejecting with 1.
//
// Which files run: every *.test.js next to this file, plus those of one folder: the one named
// in the workspace's `.host-suite` file if it has one (a workspace built for that suite), else
// trusted/ or untrusted/, whichever matches the window's workspace trust (run.js --untrusted
// gives an untrusted one). So one entry point serves every run, and a suite never runs in the
// wrong workspace or trust state.
import * as fs from 'fs';
import * as path from 'path';
import Mocha from 'mocha';
import * as vscode from 'vscode';

const TEST_FILE = /\.test\.js$/;

/** Compiled test files directly in `dir`, and in its subfolders when `recursive`, sorted. */
function findTestFiles(dir: string, recursive: boolean): string[] {
  if (!fs.existsSync(dir)) {
    return [];
  }
  const files: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory() && recursive) {
      files.push(...findTestFiles(full, true));
    } else if (entry.isFile() && TEST_FILE.test(entry.name)) {
      files.push(full);
    }
  }
  return files.sort();
}

/** The suite folder a workspace names in its `.host-suite` file, if it names one. */
function namedSuite(): string | undefined {
  const folder = vscode.workspace.workspaceFolders?.[0];
  const marker = folder && path.join(folder.uri.fsPath, '.host-suite');
  return marker && fs.existsSync(marker) ? fs.readFileSync(marker, 'utf8').trim() : undefined;
}

export async function run(): Promise<void> {
  const suiteFolder = namedSuite() ?? (vscode.workspace.isTrusted ? 'trusted' : 'untrusted');
  const files = [
    ...findTestFiles(__dirname, false),
    ...findTestFiles(path.join(__dirname, suiteFolder), true),
  ];
  if (files.length === 0) {
    throw new Error(`no *.test.js next to ${__dirname} or in ${suiteFolder}/: compiled?`);
  }
  console.log(`host tests (${suiteFolder}): ${files.length} file(s)`);

  const mocha = new Mocha({ ui: 'bdd', color: false, timeout: 30000 });
  files.forEach((file) => mocha.addFile(file));
  const stats = await new Promise<Mocha.Stats>((resolve) => {
    const runner = mocha.run(() => resolve(runner.stats ?? emptyStats()));
  });

  // A plain closing line that CI log readers recognise (mocha's own summary is not one of them).
  console.log(`host: ${stats.passes} passed, ${stats.failures} failed, ${stats.pending} skipped`);
  if (stats.failures > 0) {
    throw new Error(`${stats.failures} host test(s) failed`);
  }
  if (stats.passes === 0) {
    throw new Error('no host test ran');
  }
}

function emptyStats(): Mocha.Stats {
  return { suites: 0, tests: 0, passes: 0, pending: 0, failures: 0 };
}
