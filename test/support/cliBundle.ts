/**
 * The bundled CLI (dist/cli.js) as the CLI suites run it: rebuilt when older than its
 * sources, and spawned asynchronously so a loopback fake in this process can answer it.
 */
import { execFile, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

export const ROOT = path.resolve(__dirname, '../../..');
export const CLI = path.join(ROOT, 'dist', 'cli.js');

export interface CliRun {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

function newestModification(entry: string): number {
  const stat = fs.statSync(entry);
  if (!stat.isDirectory()) {
    return stat.mtimeMs;
  }
  return fs
    .readdirSync(entry)
    .reduce((newest, name) => Math.max(newest, newestModification(path.join(entry, name))), 0);
}

export function cliBundleIsStale(): boolean {
  return (
    !fs.existsSync(CLI) || fs.statSync(CLI).mtimeMs < newestModification(path.join(ROOT, 'src'))
  );
}

/** Builds dist/cli.js if it is missing or older than src/. */
export function ensureFreshCli(): Promise<void> {
  if (!cliBundleIsStale()) {
    return Promise.resolve();
  }
  return new Promise((resolve, reject) => {
    execFile(
      'npx',
      ['webpack', '--mode', 'production', '--config-name', 'cli'],
      { cwd: ROOT, timeout: 170_000 },
      (error, stdout, stderr) => {
        if (error) {
          // webpack reports compile errors on stdout.
          reject(new Error(`${error.message}\n${stdout.slice(-3_000)}${stderr}`));
          return;
        }
        // webpack leaves a bundle whose bytes did not change untouched; mark it as current
        // so a comment-only source change does not cause a rebuild on every run.
        const now = new Date();
        fs.utimesSync(CLI, now, now);
        resolve();
      },
    );
  });
}

/** Runs the CLI with exactly `env`, stdin closed at once (not a terminal, no answers). */
export function spawnCli(args: readonly string[], env: Record<string, string>): Promise<CliRun> {
  return new Promise<CliRun>((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], {
      cwd: ROOT,
      env,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.stdin.end();
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}
