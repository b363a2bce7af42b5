import { Worker } from 'worker_threads';
import { positionFinder } from '../core/lineTable';
import { ParsedTemplate } from '../core/templateModel';
import { ParseReply, ParseRequest } from './parseProtocol';

/**
 * Texts this long take about the 50 ms typing budget to parse on a slow machine (see
 * docs/benchmarks.md: 142 KiB in 50 ms on two shared cores): they are parsed off the
 * extension host's thread.
 */
export const OFF_THREAD_MIN_CHARS = 100_000;

/** A worker left with nothing to do this long is stopped; the next parse starts another. */
const DEFAULT_IDLE_MS = 60_000;

interface Waiting {
  readonly text: string;
  resolve(template: ParsedTemplate): void;
  reject(error: Error): void;
}

/**
 * Parses templates on a worker thread, so a huge one keeps the caller's thread free (in the
 * editor, the extension host that serves every extension). Requests are answered in order.
 */
export class TemplateParseThread {
  private worker: Worker | null = null;
  private nextId = 1;
  private readonly waiting = new Map<number, Waiting>();
  private idleTimer: NodeJS.Timeout | undefined;
  private disposed = false;

  /** `workerFile`: the bundled parseWorker.js. */
  constructor(
    private readonly workerFile: string,
    private readonly idleMs = DEFAULT_IDLE_MS,
  ) {}

  /** Whether a worker is running now (it stops when idle). */
  get isRunning(): boolean {
    return this.worker !== null;
  }

  parse(text: string): Promise<ParsedTemplate> {
    if (this.disposed) {
      return Promise.reject(new Error('The parse thread was stopped.'));
    }
    clearTimeout(this.idleTimer);
    let worker: Worker;
    try {
      worker = this.startedWorker();
    } catch (error) {
      // `new Worker` throws at once on a path it refuses.
      return Promise.reject(new Error(`The parse thread could not start: ${String(error)}`));
    }
    const id = this.nextId++;
    return new Promise<ParsedTemplate>((resolve, reject) => {
      this.waiting.set(id, { text, resolve, reject });
      const request: ParseRequest = { id, text };
      worker.postMessage(request);
    });
  }

  dispose(): void {
    this.disposed = true;
    this.stop(new Error('The parse thread was stopped.'));
  }

  private startedWorker(): Worker {
    if (this.worker !== null) {
      return this.worker;
    }
    const worker = new Worker(this.workerFile);
    worker.on('message', (reply: ParseReply) => this.answer(reply));
    worker.on('error', (error) => {
      if (this.worker === worker) {
        this.stop(new Error(`The parse thread failed: ${error.message}`));
      }
    });
    worker.on('exit', (code) => {
      if (this.worker === worker) {
        this.worker = null;
        this.rejectAll(new Error(`The parse thread exited with code ${code}.`));
      }
    });
    this.worker = worker;
    return worker;
  }

  private answer(reply: ParseReply): void {
    const waiting = this.waiting.get(reply.id);
    if (waiting === undefined) {
      return;
    }
    this.waiting.delete(reply.id);
    if (reply.ok) {
      waiting.resolve({
        images: reply.images,
        syntaxErrors: reply.syntaxErrors,
        positionAt: positionFinder(waiting.text),
      });
    } else {
      waiting.reject(new Error(`The parse thread could not parse the template: ${reply.message}`));
    }
    if (this.waiting.size === 0) {
      this.idleTimer = setTimeout(() => this.stop(null), this.idleMs);
      this.idleTimer.unref();
    }
  }

  private stop(reason: Error | null): void {
    clearTimeout(this.idleTimer);
    const worker = this.worker;
    this.worker = null;
    if (reason !== null) {
      this.rejectAll(reason);
    }
    void worker?.terminate();
  }

  private rejectAll(reason: Error): void {
    const waiting = [...this.waiting.values()];
    this.waiting.clear();
    for (const entry of waiting) {
      entry.reject(reason);
    }
  }
}
