import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseTemplate } from '../../src/core/templateParser';
import { TemplateParseThread } from '../../src/offThread/templateParseThread';
import { generateTemplate } from '../../bench/templateGenerator';

// The compiled worker entry next to this suite's compiled sources (out/src/offThread).
const WORKER_FILE = path.resolve(__dirname, '../../src/offThread/parseWorker.js');

describe('TemplateParseThread', function () {
  // Starting a worker thread takes tens of milliseconds; a busy machine can take seconds.
  this.timeout(30_000);
  let thread: TemplateParseThread;

  afterEach(() => thread?.dispose());

  it('finds what parseTemplate finds, positions included', async () => {
    thread = new TemplateParseThread(WORKER_FILE);
    const text = generateTemplate(300).replace(/\n/g, '\r\n');
    const here = parseTemplate(text);
    const there = await thread.parse(text);
    assert.ok(here.images.length > 300);
    assert.deepEqual(there.images, here.images);
    assert.deepEqual(there.syntaxErrors, here.syntaxErrors);
    for (const site of here.images) {
      assert.deepEqual(there.positionAt(site.range.start), here.positionAt(site.range.start));
    }
  });

  it('reports syntax errors of a broken template as the parser does', async () => {
    thread = new TemplateParseThread(WORKER_FILE);
    const text = 'services:\n- name: api\n  image: "unclosed\n';
    const there = await thread.parse(text);
    assert.deepEqual(there.syntaxErrors, parseTemplate(text).syntaxErrors);
    assert.ok(there.syntaxErrors.length > 0);
  });

  it('answers each of several requests sent at once with its own text', async () => {
    thread = new TemplateParseThread(WORKER_FILE);
    const texts = [5, 1, 40, 2].map((count) => generateTemplate(count));
    const answers = await Promise.all(texts.map((text) => thread.parse(text)));
    answers.forEach((answer, index) => {
      assert.deepEqual(answer.images, parseTemplate(texts[index]).images);
    });
  });

  it('stops its worker when idle and starts another for the next parse', async () => {
    thread = new TemplateParseThread(WORKER_FILE, 20);
    await thread.parse('services: []\n');
    assert.equal(thread.isRunning, true);
    await waitUntil(() => !thread.isRunning);
    const again = await thread.parse(generateTemplate(3));
    assert.ok(again.images.length > 0);
  });

  it('rejects pending and later parses once disposed', async () => {
    thread = new TemplateParseThread(WORKER_FILE);
    const pending = thread.parse(generateTemplate(200));
    thread.dispose();
    await assert.rejects(pending, /parse thread was stopped/);
    await assert.rejects(thread.parse('a: 1'), /parse thread was stopped/);
  });

  it('rejects with a clear error when the worker cannot start, and recovers after', async () => {
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'parse-thread-'));
    const missing = path.join(folder, 'missing-worker.js');
    thread = new TemplateParseThread(missing);
    await assert.rejects(thread.parse('a: 1'), /parse thread (failed|exited)/);
    // Now there: a worker that loads the real one.
    fs.writeFileSync(missing, `require(${JSON.stringify(WORKER_FILE)});\n`);
    const recovered = await thread.parse(generateTemplate(2));
    assert.ok(recovered.images.length > 0);
    fs.rmSync(folder, { recursive: true, force: true });
  });

  it('rejects, without throwing, when the worker file is a path Node refuses', async () => {
    thread = new TemplateParseThread('parseWorker.js');
    await assert.rejects(thread.parse('a: 1'), /parse thread could not start/);
  });

  it('rejects when the worker dies mid-parse', async () => {
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'parse-thread-'));
    const dying = path.join(folder, 'dying-worker.js');
    fs.writeFileSync(
      dying,
      "require('worker_threads').parentPort.on('message', () => process.exit(3));\n",
    );
    thread = new TemplateParseThread(dying);
    await assert.rejects(thread.parse('a: 1'), /exited with code 3/);
    fs.rmSync(folder, { recursive: true, force: true });
  });
});

async function waitUntil(condition: () => boolean): Promise<void> {
  for (let attempt = 0; attempt < 500 && !condition(); attempt++) {
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  assert.ok(condition(), 'condition never held');
}
