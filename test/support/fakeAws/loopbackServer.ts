/**
 * HTTP plumbing for the fake: a server bound to 127.0.0.1 on a port the OS picks, that keeps
 * track of its sockets and timers so stop() leaves nothing behind (the SDK keeps connections
 * alive, and a delayed response must not hold mocha's process open).
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export type RequestHandler = (req: IncomingMessage, res: ServerResponse) => Promise<void>;

/** Larger bodies are refused; the largest real request here is a 10 KiB policy. */
export const MAX_BODY_BYTES = 1024 * 1024;

export class LoopbackServer {
  private server: Server | undefined;
  private port: number | undefined;
  private readonly sockets = new Set<Socket>();
  private readonly sleepers = new Set<() => void>();

  constructor(private readonly handler: RequestHandler) {}

  /** Base URL for SDK clients' `endpoint`; only valid between start() and stop(). */
  get url(): string {
    if (this.port === undefined) {
      throw new Error('fakeAws: not started');
    }
    return `http://127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    if (this.server) {
      throw new Error('fakeAws: already started');
    }
    const server = createServer((req, res) => {
      this.handler(req, res).catch(() => req.socket.destroy());
    });
    server.on('connection', (socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
    this.server = server;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => {
        server.off('error', reject);
        resolve();
      });
    });
    this.port = (server.address() as AddressInfo).port;
  }

  /** Cancels pending delays, destroys every open connection and closes the listener. */
  async stop(): Promise<void> {
    const server = this.server;
    if (!server) {
      return;
    }
    this.server = undefined;
    this.port = undefined;
    for (const cancel of [...this.sleepers]) {
      cancel();
    }
    for (const socket of this.sockets) {
      socket.destroy();
    }
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /** Waits `ms`; resolves false instead if stop() is called first. */
  sleep(ms: number): Promise<boolean> {
    return new Promise((resolve) => {
      const cancel = (): void => {
        clearTimeout(timer);
        this.sleepers.delete(cancel);
        resolve(false);
      };
      const timer = setTimeout(() => {
        this.sleepers.delete(cancel);
        resolve(true);
      }, ms);
      this.sleepers.add(cancel);
    });
  }
}

/** The whole request body, or an error once it passes MAX_BODY_BYTES. */
export function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(new Error('request body too large'));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}
