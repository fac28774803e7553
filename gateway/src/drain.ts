import type { IncomingMessage, Server, ServerResponse } from 'node:http';

/**
 * Graceful stop of an HTTP server: once `drain` is called it takes no new connections, closes
 * idle keep-alive connections, answers requests still arriving on open ones with
 * `Connection: close`, and lets those in flight finish for up to `graceMs`, after which the rest
 * are cut.
 */
export class HttpDrain {
  private inFlight = 0;
  private draining = false;
  private idle: (() => void) | undefined;

  constructor(private readonly server: Server) {}

  /** Call first for every request: counts it, and after drain() marks its connection for closing. */
  track(_req: IncomingMessage, res: ServerResponse): void {
    this.inFlight++;
    if (this.draining) res.setHeader('connection', 'close');
    res.once('close', () => {
      this.inFlight--;
      if (!this.draining) return;
      this.server.closeIdleConnections();
      if (this.inFlight === 0) this.idle?.();
    });
  }

  /** Resolves once the server has closed: after drain(), and after upgraded sockets (WebSockets) are closed too. */
  closed: Promise<void> | undefined;

  /** Resolves when no HTTP request is in flight any more (or the grace period is over and the rest were cut). */
  async drain(graceMs: number): Promise<void> {
    this.draining = true;
    this.closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    this.server.closeIdleConnections();
    if (this.inFlight > 0) {
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([
        new Promise<void>((resolve) => (this.idle = resolve)),
        new Promise<void>((resolve) => (timer = setTimeout(resolve, graceMs))),
      ]);
      clearTimeout(timer);
    }
    this.server.closeAllConnections();
  }
}
