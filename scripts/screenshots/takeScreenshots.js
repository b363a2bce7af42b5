// Screenshots of the extension at work in a real (headless, offline) VS Code workbench.
//
// Run through the host-test runner, which starts code-server and chromium, loads the extension
// under development, opens a copy of the workspace and then calls this module:
//
//   node scripts/host-test/run.js --extension . --workspace examples/storefront \
//     --screenshot-script scripts/screenshots/takeScreenshots.js --out-dir media
//
// Writes to ctx.outDir: diagnostics.png, quick-fix.png, hover.png, policy.png.
// Every step waits for the UI state it needs (selectors, texts, layout); the one fixed wait is
// SETTLE_MS before each screenshot, for the fade-in animation of whatever just appeared.
// See README.md beside this file.
'use strict';

const fs = require('node:fs');
const path = require('node:path');

const CLUSTER_ACCOUNT = '111111111111';
const CLUSTER_REGION = 'us-east-1';
const TEMPLATE_NAME = 'application_template.yaml';
// The cross-account image the quick fix, hover and policy shots are about.
const FOCUS_IMAGE = '222222222222.dkr.ecr.us-east-1.amazonaws.com/payments/api';
const FOCUS_REPOSITORY = 'payments/api';

const PANEL_SHRINK_PX = 110; // the Problems panel is taller than its five findings need
const LINES_ABOVE_FOCUS = 2; // lines in view above the focus image: its service's comment
const SETTLE_MS = 300; // fade-in animations of hovers, menus and panels
const STEP_TIMEOUT_MS = 30_000;

// Workspace settings of the copied workspace (never the repository's): the cluster the findings
// are relative to, plus what keeps the pictures steady and the explorer tidy.
const WORKSPACE_SETTINGS = {
  'releasehubEcr.cluster.account': CLUSTER_ACCOUNT,
  'releasehubEcr.cluster.region': CLUSTER_REGION,
  'editor.cursorBlinking': 'solid', // a blinking cursor is in or out of a shot by chance
  'editor.minimap.enabled': false, // more room for the template at 1400 px
  'editor.stickyScroll.enabled': false, // it would cover the first lines in view
  'editor.occurrencesHighlight': 'off', // no highlights of the word under the cursor
  'editor.selectionHighlight': false,
  'editor.scrollbar.horizontal': 'hidden', // it would cover the last line in view
  'editor.hover.above': false, // below the image: above it, it would cover the tabs
  '[jsonc]': { 'editor.wordWrap': 'on' }, // the policy's long comment lines, in half a window
  'remote.autoForwardPorts': false, // no "Ports" badge for the server's own ports
  'files.exclude': { '.vscode': true }, // this very file, not part of the example
};

module.exports = async function takeScreenshots(page, ctx) {
  try {
    await drive(page, ctx);
  } catch (error) {
    // The runner keeps its state folder (the parent of the workspace copy) when this throws.
    const file = path.join(path.dirname(ctx.workspace), 'screenshot-failure.png');
    await page.screenshot({ path: file }).catch(() => {});
    console.log(`[screenshots] the page as it was when this failed: ${file}`);
    throw error;
  }
};

async function drive(page, ctx) {
  const started = Date.now();
  const log = (message) =>
    console.log(`[screenshots ${((Date.now() - started) / 1000).toFixed(1)}s] ${message}`);
  page.setDefaultTimeout(STEP_TIMEOUT_MS);

  writeWorkspaceSettings(ctx.workspace);
  const template = findTemplate(ctx.workspace);
  const focus = positionOf(template, FOCUS_IMAGE);
  log(`template ${path.relative(ctx.workspace, template)}, ${FOCUS_REPOSITORY} at ${focus}`);

  // The workbench read its settings before this ran; a reload starts it again with these in
  // place, so the extension and the workbench never show the unconfigured state, and a slow
  // file watcher cannot change the pictures.
  await page.reload();
  await page.waitForFunction(() => typeof window.driver?.whenWorkbenchRestored === 'function');
  await page.evaluate(() => window.driver.whenWorkbenchRestored());
  await page.locator('.monaco-workbench').waitFor();
  await parkMouse(page);

  // 1. The template with its squiggles and the Problems panel.
  await quickOpen(page, path.relative(ctx.workspace, template));
  const editor = page.locator('.editor-group-container.active .monaco-editor').first();
  await editor.waitFor();
  await page.keyboard.press('Control+Shift+M'); // View: Problems
  const problems = page.locator('.markers-panel');
  await problems.waitFor();
  await shrinkPanel(page, PANEL_SHRINK_PX);
  // These two prove the cluster settings are in effect (without them the one finding is that
  // the cluster is not configured).
  await problems.getByText(`Repository '${FOCUS_REPOSITORY}' is in AWS account`).waitFor();
  await problems.getByText('has 11 digits').waitFor();
  await clearSelection(problems);
  // Cursor on the payments image, then the images from payments down to recommendations in view.
  await goToLine(page, focus);
  await scrollToLine(page, editor, Number(focus.split(':')[0]) - LINES_ABOVE_FOCUS);
  await editor.locator('.squiggly-warning').first().waitFor();
  await editor.locator('.squiggly-error').first().waitFor();
  await scrollbarsFaded(page);
  await snap(page, ctx, 'diagnostics.png', log);

  // 2. The quick-fix menu on the cross-account image.
  const focusedEditor = page.locator('.editor-group-container.active .monaco-editor.focused');
  await focusedEditor.waitFor();
  await page.keyboard.press('Control+.');
  const menu = page.locator('.context-view .action-widget').first(); // not its submenu panel
  await menu.getByText(`Show repository policy for ${FOCUS_REPOSITORY}`).waitFor();
  await menu.getByText(`Copy repository policy for ${FOCUS_REPOSITORY}`).waitFor();
  await menu.getByText(`Apply repository policy to ${FOCUS_REPOSITORY}`).waitFor();
  // (The editor's scroll bar shows while the menu is open: the menu's mouse shield counts as
  // the pointer being over the editor.)
  await snap(page, ctx, 'quick-fix.png', log);
  await page.keyboard.press('Escape');
  await menu.waitFor({ state: 'hidden' });

  // 3. The hover on the squiggled image: the diagnostic's message.
  const squiggle = await squiggleAtCursor(editor);
  await page.mouse.move(squiggle.x, squiggle.y);
  const hover = page.locator('.monaco-hover').filter({ hasText: `'${FOCUS_REPOSITORY}'` });
  await hover.waitFor();
  await fitHover(page, hover);
  await snap(page, ctx, 'hover.png', log);
  await parkMouse(page);
  await hover.waitFor({ state: 'hidden' });

  // 4. The generated policy, from the quick fix "Show repository policy"; panel and side bar
  // closed, for room.
  await page.keyboard.press('Control+J'); // View: Toggle Panel Visibility
  await page.locator('.part.panel.bottom').waitFor({ state: 'hidden' });
  await page.keyboard.press('Control+B'); // View: Toggle Primary Side Bar Visibility
  await page.locator('.part.sidebar').waitFor({ state: 'hidden' });
  await focusedEditor.waitFor();
  await page.keyboard.press('Control+.');
  await menu.getByText(`Show repository policy for ${FOCUS_REPOSITORY}`).click();
  const policy = page
    .locator('.editor-group-container.active .monaco-editor')
    .filter({ hasText: `Repository policy for ${FOCUS_REPOSITORY}` });
  await policy.waitFor();
  await policy.getByText('"Statement"').waitFor();
  await parkMouse(page);
  await scrollbarsFaded(page);
  await snap(page, ctx, 'policy.png', log);
}

function writeWorkspaceSettings(workspace) {
  const file = path.join(workspace, '.vscode', 'settings.json');
  let existing = {};
  if (fs.existsSync(file)) existing = JSON.parse(fs.readFileSync(file, 'utf8'));
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, JSON.stringify({ ...existing, ...WORKSPACE_SETTINGS }, null, 2));
}

// The storefront template, whether the workspace is examples/storefront or examples/.
function findTemplate(workspace) {
  const candidates = [
    path.join(workspace, '.release', TEMPLATE_NAME),
    path.join(workspace, 'storefront', '.release', TEMPLATE_NAME),
  ];
  const found = candidates.find((file) => fs.existsSync(file));
  if (!found) throw new Error(`no storefront template in ${workspace}`);
  return found;
}

// "line:column" (1-based) of the start of the image, as Go to Line takes it.
function positionOf(file, text) {
  const lines = fs.readFileSync(file, 'utf8').split('\n');
  const line = lines.findIndex((candidate) => candidate.includes(text));
  if (line === -1) throw new Error(`${text} not found in ${file}`);
  return `${line + 1}:${lines[line].indexOf(text) + 1}`;
}

async function quickOpen(page, relativePath) {
  await page.keyboard.press('Control+P');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor();
  await input.fill(relativePath);
  await page
    .locator('.quick-input-widget .monaco-list-row')
    .filter({ hasText: TEMPLATE_NAME })
    .first()
    .waitFor();
  await page.keyboard.press('Enter');
  await page.locator('.quick-input-widget').waitFor({ state: 'hidden' });
  await page
    .locator('.tabs-container .tab.active')
    .filter({ hasText: path.basename(relativePath) })
    .waitFor();
}

async function goToLine(page, position) {
  await page.keyboard.press('Control+G');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor();
  await input.fill(`:${position}`);
  await page.keyboard.press('Enter');
  await page.locator('.quick-input-widget').waitFor({ state: 'hidden' });
  // Keys that follow are for the editor, not for whatever had the focus before (the Problems
  // tree, say).
  await page.locator('.editor-group-container.active .monaco-editor.focused').waitFor();
}

// Scrolls the editor so that `line` is the first line in view, one line at a time (Ctrl+Down
// and Ctrl+Up, "Scroll Line Down/Up"), which leaves the cursor where it is.
async function scrollToLine(page, editor, line) {
  const first = await firstLineInView(page, editor);
  const key = line > first ? 'Control+ArrowDown' : 'Control+ArrowUp';
  for (let i = 0; i < Math.abs(line - first); i++) await page.keyboard.press(key);
  await firstLineInView(page, editor, line);
}

// The number of the editor's first line in view; with `wanted`, waits until it is that line.
async function firstLineInView(page, editor, wanted) {
  const first = await page.waitForFunction(
    ([element, wanted]) => {
      const editorTop = element.getBoundingClientRect().top;
      const numbers = [...element.querySelectorAll('.margin-view-overlays .line-numbers')]
        .map((number) => [number.getBoundingClientRect().top, Number(number.textContent)])
        .filter(([top]) => top >= editorTop - 1)
        .sort((a, b) => a[0] - b[0]);
      const first = numbers.length > 0 ? numbers[0][1] : 0;
      return wanted === null ? first : first === wanted && first;
    },
    [await editor.elementHandle(), wanted ?? null],
  );
  return first.jsonValue();
}

// The centre of the squiggle on the cursor's line (the cursor sits inside the image).
async function squiggleAtCursor(editor) {
  const cursor = await editor.locator('.cursors-layer .cursor').first().boundingBox();
  const squiggles = editor.locator('.squiggly-warning, .squiggly-error');
  for (let i = 0; i < (await squiggles.count()); i++) {
    const box = await squiggles.nth(i).boundingBox();
    if (box && Math.abs(box.y - cursor.y) < cursor.height / 2) {
      return { x: box.x + box.width / 2, y: box.y + box.height / 2 };
    }
  }
  throw new Error('no squiggle on the line of the cursor');
}

// The Problems tree selects its first row when it takes the focus with rows in it, which
// depends on whether the findings were in by then: clear that, for the same picture each time.
async function clearSelection(problems) {
  await problems.locator('.monaco-list').first().focus();
  await problems.page().keyboard.press('Escape'); // List: Clear
  await problems.locator('.monaco-list-row.selected').first().waitFor({ state: 'detached' });
}

// Drags the sash between the editor and the bottom panel down.
async function shrinkPanel(page, pixels) {
  const panel = await page.locator('.part.panel.bottom').boundingBox();
  let sash;
  for (const candidate of await page.locator('.monaco-sash.horizontal:not(.disabled)').all()) {
    const box = await candidate.boundingBox();
    if (box && Math.abs(box.y + box.height - panel.y) <= box.height) sash = box;
  }
  if (!sash) throw new Error('no sash above the panel');
  const x = sash.x + sash.width / 2;
  await page.mouse.move(x, sash.y + sash.height / 2);
  await page.mouse.down();
  await page.mouse.move(x, panel.y + pixels, { steps: 5 });
  await page.mouse.up();
  await parkMouse(page);
  await page.waitForFunction(
    ({ top, pixels }) => {
      const box = document.querySelector('.part.panel.bottom')?.getBoundingClientRect();
      return box !== undefined && Math.abs(box.top - (top + pixels)) < 8;
    },
    { top: panel.y, pixels },
  );
}

// Editors show their scroll bars for a moment after scrolling or a layout change, then fade
// them out (an opacity transition): waits for the end of it.
async function scrollbarsFaded(page) {
  await page.waitForFunction(() =>
    [...document.querySelectorAll('.monaco-editor .scrollbar')].every(
      (scrollbar) => getComputedStyle(scrollbar).opacity === '0',
    ),
  );
}

// The editor caps a hover at 250 px and scrolls the rest; the extension's own hover and the
// diagnostic's together are taller. Drags the hover's bottom edge down until all of it shows,
// as a person would, then rests the pointer on the hover's status bar (which keeps it open and
// shows no copy button).
async function fitHover(page, hover) {
  const content = hover.locator('.monaco-hover-content').first();
  const overflow = await content.evaluate((element) => element.scrollHeight - element.clientHeight);
  if (overflow <= 0) return;
  const edge = await page
    .locator('.monaco-resizable-hover .monaco-sash.orthogonal-edge-south:not(.disabled)')
    .boundingBox();
  const x = edge.x + edge.width / 2;
  await page.mouse.move(x, edge.y + edge.height / 2);
  await page.mouse.down();
  await page.mouse.move(x, edge.y + edge.height / 2 + overflow + 2, { steps: 5 });
  await page.mouse.up();
  await page.waitForFunction(
    (element) => element.scrollHeight <= element.clientHeight,
    await content.elementHandle(),
  );
  const box = await hover.locator('.hover-row.status-bar').boundingBox();
  await page.mouse.move(box.x + box.width - 40, box.y + box.height / 2);
}

// Somewhere that shows no hover: the empty right end of the title bar.
async function parkMouse(page) {
  const viewport = page.viewportSize();
  await page.mouse.move(viewport.width - 200, 10);
}

async function snap(page, ctx, name, log) {
  await page.waitForTimeout(SETTLE_MS);
  const file = path.join(ctx.outDir, name);
  await page.screenshot({ path: file });
  log(`wrote ${path.relative(process.cwd(), file)}`);
}
