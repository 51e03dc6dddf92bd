import { connect, createServer, type Server, type Socket } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { FaultProxy, type FaultOptions } from '../../lab/fault-proxy.js';

/** A loopback server that answers every request with `ok:<request>` and counts what it received. */
let received = '';
let server: Server;
let port = 0;
const serverSockets = new Set<Socket>();
beforeAll(async () => {
  server = createServer((s) => {
    serverSockets.add(s);
    s.on('close', () => serverSockets.delete(s));
    s.on('data', (d) => { received += d.toString(); s.write(`ok:${d.toString()}`); });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  port = (server.address() as { port: number }).port;
});
afterAll(async () => {
  for (const s of serverSockets) s.destroy();
  await new Promise<void>((r) => server.close(() => r()));
});

let proxy: FaultProxy | null = null;
afterEach(async () => {
  await proxy?.close();
  proxy = null;
  received = '';
});

async function through(opts: FaultOptions): Promise<number> {
  proxy = new FaultProxy({ host: '127.0.0.1', port }, opts);
  return proxy.listen();
}

/** Send `text`, collect what comes back within `waitMs`, and whether the proxy closed the connection. */
function exchange(p: number, text: string, waitMs: number): Promise<{ got: string; closed: boolean; firstMs: number | null }> {
  return new Promise((resolve) => {
    const c = connect(p, '127.0.0.1');
    const started = Date.now();
    let got = '';
    let firstMs: number | null = null;
    let closed = false;
    c.on('data', (d) => { if (firstMs === null) firstMs = Date.now() - started; got += d.toString(); });
    c.on('close', () => { closed = true; });
    c.on('error', () => undefined);
    c.on('connect', () => c.write(text));
    setTimeout(() => { c.destroy(); resolve({ got, closed, firstMs }); }, waitMs);
  });
}

describe('FaultProxy', () => {
  it('passes both ways', async () => {
    const r = await exchange(await through({}), 'hello', 300);
    expect(r.got).toBe('ok:hello');
    expect(received).toBe('hello');
  });

  it('delays answers by the given time', async () => {
    const r = await exchange(await through({ mode: 'delay', delayMs: 400 }), 'slow', 900);
    expect(r.got).toBe('ok:slow');
    expect(r.firstMs!).toBeGreaterThanOrEqual(380);
  });

  it('blackhole: the server gets the request, the client never an answer', async () => {
    const r = await exchange(await through({ mode: 'blackhole' }), 'lost', 400);
    expect(received).toBe('lost');
    expect(r.got).toBe('');
    expect(r.closed).toBe(false);
    expect(proxy!.bytesDown).toBe('ok:lost'.length);
  });

  it('cuts the stream after N bytes of answers and closes it', async () => {
    const r = await exchange(await through({ mode: 'cut', cutAfter: 4 }), 'abcdef', 400);
    expect(r.got).toBe('ok:a');
    expect(r.closed).toBe(true);
    expect(proxy!.cuts).toBe(1);
  });

  it('changes mode during a connection', async () => {
    const p = await through({});
    proxy!.mode = 'blackhole';
    expect((await exchange(p, 'x', 300)).got).toBe('');
    proxy!.mode = 'pass';
    expect((await exchange(p, 'y', 300)).got).toBe('ok:y');
  });

  it('is bounded: a connection over the limit is closed at once', async () => {
    const p = await through({ maxConnections: 1, mode: 'delay', delayMs: 1000 });
    const first = exchange(p, 'abc', 500);
    await new Promise((r) => setTimeout(r, 100));
    const second = await exchange(p, 'def', 300);
    expect(second.closed).toBe(true);
    expect(proxy!.refused).toBe(1);
    expect((await first).closed).toBe(false);
  });

  it('is bounded: more answers held back than allowed close the connection', async () => {
    const r = await exchange(await through({ mode: 'delay', delayMs: 1000, maxHeldBytes: 5 }), 'abc', 400); // 'ok:abc' is 6 bytes
    expect(r.closed).toBe(true);
    expect(r.got).toBe('');
  });

  it('closes cleanly with connections and held answers pending', async () => {
    const p = await through({ mode: 'delay', delayMs: 30_000 });
    const pending = exchange(p, 'z', 300);
    await new Promise((r) => setTimeout(r, 100));
    await proxy!.close();
    expect((await pending).closed).toBe(true);
    expect(proxy!.connections).toBe(0);
  });
});
