import { connect, createServer, type Server, type Socket } from 'node:net';

/**
 * A loopback TCP proxy that misbehaves on purpose, between kcdmesh and the lab DC:
 * - pass:      forwards both ways;
 * - delay:     holds each answer of the DC `delayMs` before passing it on (a slow DC or link);
 * - blackhole: forwards requests to the DC but never an answer back (the DC acts, the client never hears);
 * - cut:       passes `cutAfter` bytes of answers (over all connections), then closes both sides.
 * The mode can change during a run. Bounded: at most `maxConnections` at once, at most `maxHeldBytes`
 * held back per connection (more closes it), delays of at most a minute. close() ends everything.
 */
export type FaultMode = 'pass' | 'delay' | 'blackhole' | 'cut';

export interface FaultOptions {
  mode?: FaultMode;
  delayMs?: number;
  cutAfter?: number;
  maxConnections?: number;
  maxHeldBytes?: number;
}

export class FaultProxy {
  mode: FaultMode;
  delayMs: number;
  cutAfter: number;
  /** Bytes the DC sent, and bytes the client was given; requests passed up. */
  bytesDown = 0;
  bytesDelivered = 0;
  bytesUp = 0;
  cuts = 0;
  refused = 0;
  private readonly maxConnections: number;
  private readonly maxHeldBytes: number;
  private readonly sockets = new Set<Socket>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private server: Server | null = null;

  constructor(private readonly target: { host: string; port: number }, opts: FaultOptions = {}) {
    this.mode = opts.mode ?? 'pass';
    this.delayMs = Math.min(opts.delayMs ?? 0, 60_000);
    this.cutAfter = opts.cutAfter ?? Infinity;
    this.maxConnections = opts.maxConnections ?? 16;
    this.maxHeldBytes = opts.maxHeldBytes ?? 8 * 1024 * 1024;
  }

  get connections(): number {
    return this.sockets.size / 2;
  }

  async listen(host = '127.0.0.1'): Promise<number> {
    this.server = createServer((client) => this.accept(client));
    await new Promise<void>((resolve) => this.server!.listen(0, host, resolve));
    return (this.server.address() as { port: number }).port;
  }

  private accept(client: Socket): void {
    if (this.connections >= this.maxConnections) {
      this.refused++;
      client.destroy();
      return;
    }
    const upstream = connect(this.target);
    for (const s of [client, upstream]) {
      this.sockets.add(s);
      s.on('close', () => this.sockets.delete(s));
      s.on('error', () => undefined);
    }
    let held = 0;
    client.on('data', (chunk: Buffer) => {
      this.bytesUp += chunk.length;
      upstream.write(chunk);
    });
    upstream.on('data', (chunk: Buffer) => {
      this.bytesDown += chunk.length;
      if (this.mode === 'blackhole') return;
      if (this.mode === 'cut') {
        const room = this.cutAfter - this.bytesDelivered;
        if (room >= chunk.length) return this.deliver(client, chunk);
        if (room > 0) this.deliver(client, chunk.subarray(0, room));
        this.cuts++;
        client.destroy();
        upstream.destroy();
        return;
      }
      if (this.mode === 'delay' && this.delayMs > 0) {
        held += chunk.length;
        if (held > this.maxHeldBytes) {
          client.destroy();
          upstream.destroy();
          return;
        }
        const t = setTimeout(() => {
          this.timers.delete(t);
          held -= chunk.length;
          this.deliver(client, chunk);
        }, this.delayMs);
        this.timers.add(t);
        return;
      }
      this.deliver(client, chunk);
    });
    upstream.on('close', () => client.end());
    client.on('close', () => upstream.destroy());
  }

  private deliver(client: Socket, chunk: Buffer): void {
    if (client.destroyed) return;
    this.bytesDelivered += chunk.length;
    client.write(chunk);
  }

  async close(): Promise<void> {
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
    this.server = null;
  }
}
