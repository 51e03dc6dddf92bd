import { connect, createServer, type Server, type Socket } from 'node:net';

/**
 * A loopback TCP proxy to the lab DC that can cut every connection once the DC has sent
 * `cutAfter` bytes (counted over all connections): a network failure at a chosen point of a run.
 */
export class CuttingProxy {
  bytesDown = 0;
  cutAfter = Infinity;
  cuts = 0;
  private readonly sockets = new Set<Socket>();
  private server: Server | null = null;

  constructor(private readonly target: { host: string; port: number }) {}

  async listen(): Promise<number> {
    this.server = createServer((client) => {
      const upstream = connect(this.target);
      for (const s of [client, upstream]) {
        this.sockets.add(s);
        s.on('close', () => this.sockets.delete(s));
        s.on('error', () => undefined);
      }
      client.pipe(upstream);
      upstream.on('data', (chunk: Buffer) => {
        const room = this.cutAfter - this.bytesDown;
        this.bytesDown += chunk.length;
        if (room >= chunk.length) {
          client.write(chunk);
          return;
        }
        if (room > 0) client.write(chunk.subarray(0, room));
        this.cuts++;
        client.destroy();
        upstream.destroy();
      });
      upstream.on('close', () => client.destroy());
      client.on('close', () => upstream.destroy());
    });
    await new Promise<void>((resolve) => this.server!.listen(0, 'localhost', resolve));
    return (this.server.address() as { port: number }).port;
  }

  reset(cutAfter = Infinity): void {
    this.bytesDown = 0;
    this.cuts = 0;
    this.cutAfter = cutAfter;
  }

  async close(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((resolve) => this.server?.close(() => resolve()) ?? resolve());
  }
}
