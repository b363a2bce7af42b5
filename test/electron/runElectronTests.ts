// Runs the extension-host suite in desktop VS Code, for developers who have it or whose
// machine can download it. CI uses scripts/host-test/run.js instead (no download there).
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { runTests } from '@vscode/test-electron';

async function main(): Promise<void> {
  const root = path.resolve(__dirname, '..', '..', '..');
  // The suites edit files and settings: they get a copy of the test workspace.
  const workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'releasehub-ecr-workspace-'));
  fs.cpSync(path.join(root, 'test', 'host', 'workspace'), workspace, { recursive: true });

  await runTests({
    extensionDevelopmentPath: root,
    extensionTestsPath: path.join(root, 'out', 'test', 'host', 'index.js'),
    launchArgs: [workspace, '--disable-extensions', '--disable-workspace-trust'],
  });
}

main().catch((error: unknown) => {
  console.error(`Extension-host tests failed: ${String(error)}`);
  process.exit(1);
});
