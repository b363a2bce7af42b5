// Runs the extension-host suites in desktop VS Code, for developers who have it or whose
// machine can download it. CI uses scripts/host-test/run.js instead (no download there).
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { runTests } from '@vscode/test-electron';

/** Workspaces to open, each picking its suite (see test/host/index.ts). */
const WORKSPACES = ['workspace', 'unrelated-workspace'];

async function main(): Promise<void> {
  const root = path.resolve(__dirname, '..', '..', '..');
  for (const name of WORKSPACES) {
    // The suites edit files and settings: they get a copy of the test workspace.
    const workspace = fs.mkdtempSync(path.join(os.tmpdir(), `releasehub-ecr-${name}-`));
    fs.cpSync(path.join(root, 'test', 'host', name), workspace, { recursive: true });
    await runTests({
      extensionDevelopmentPath: root,
      extensionTestsPath: path.join(root, 'out', 'test', 'host', 'index.js'),
      launchArgs: [workspace, '--disable-extensions', '--disable-workspace-trust'],
    });
  }
}

main().catch((error: unknown) => {
  console.error(`Extension-host tests failed: ${String(error)}`);
  process.exit(1);
});
