import { describe, expect, it } from '@jest/globals';
import { groupCommit } from '../../../src/io/group-commit.js';

/** A flush that ends when told to, recording each batch it was given. */
function disk() {
  const batches: string[] = [];
  const pending: { resolve: () => void; reject: (e: Error) => void }[] = [];
  const flush = (batch: Buffer): Promise<void> => {
    batches.push(batch.toString());
    return new Promise<void>((resolve, reject) => pending.push({ resolve, reject }));
  };
  const tick = (): Promise<void> => new Promise((r) => setImmediate(r));
  return { flush, batches, pending, tick };
}

const b = (s: string): Buffer => Buffer.from(s);

/** A commit flushing its first piece, 'a', while 'b' and 'c' wait for the next flush. */
async function flushingA() {
  const d = disk();
  const c = groupCommit(d.flush);
  const first = c.push(b('a'));
  await d.tick();
  return { d, c, first, next: [c.push(b('b')), c.push(b('c'))] };
}

describe('groupCommit', () => {
  it('flushes pieces asked for at once together', async () => {
    const d = disk();
    const c = groupCommit(d.flush);
    const all = [c.push(b('a')), c.push(b('b'))];
    await d.tick();
    expect(d.batches).toEqual(['ab']);
    d.pending[0].resolve();
    await Promise.all(all);
  });

  it('flushes what was asked while a flush ran together in the next one, in order, each resolving after its own flush', async () => {
    const d = disk();
    const c = groupCommit(d.flush);
    const settled: string[] = [];
    const push = (s: string) => c.push(b(s)).then(() => settled.push(s));
    const first = push('a\n');
    await d.tick();
    const rest = [push('b\n'), push('c\n'), push('d\n')];
    await d.tick();
    expect(d.batches).toEqual(['a\n']);
    expect(settled).toEqual([]);
    d.pending[0].resolve();
    await first;
    await d.tick();
    expect(settled).toEqual(['a\n']);
    expect(d.batches).toEqual(['a\n', 'b\nc\nd\n']);
    d.pending[1].resolve();
    await Promise.all(rest);
    expect(settled).toEqual(['a\n', 'b\n', 'c\n', 'd\n']);
    await c.idle();
  });

  it('stops a batch at its size limit; a piece bigger than the limit goes alone', async () => {
    const d = disk();
    const c = groupCommit(d.flush, 4);
    const all = [c.push(b('0'))];
    await d.tick();
    all.push(c.push(b('11')), c.push(b('22')), c.push(b('333333')), c.push(b('4')));
    for (let i = 0; i < 4; i++) {
      await d.tick();
      d.pending[i].resolve();
    }
    await Promise.all(all);
    expect(d.batches).toEqual(['0', '1122', '333333', '4']);
  });

  it('after a failed flush, fails what waits and whatever is asked later with the same error, and flushes nothing more', async () => {
    const { d, c, first, next: waiting } = await flushingA();
    const full = new Error('ENOSPC');
    d.pending[0].reject(full);
    await expect(first).rejects.toBe(full);
    for (const w of waiting) await expect(w).rejects.toBe(full);
    await expect(c.push(b('d'))).rejects.toBe(full);
    await c.idle();
    expect(d.batches).toEqual(['a']);
  });

  it('fails a whole batch together when its flush fails', async () => {
    const { d, first, next: batch } = await flushingA();
    d.pending[0].resolve();
    await first;
    await d.tick();
    expect(d.batches).toEqual(['a', 'bc']);
    const err = new Error('EIO');
    d.pending[1].reject(err);
    for (const p of batch) await expect(p).rejects.toBe(err);
  });

  it('settles and goes idle when the flush throws before it awaits anything', async () => {
    const err = new Error('EBADF');
    const c = groupCommit(() => {
      throw err;
    });
    await expect(c.push(b('a'))).rejects.toBe(err);
    await c.idle();
    await expect(c.push(b('b'))).rejects.toBe(err);
    await c.idle();
  });

  it('starts again for a piece asked for after it went idle', async () => {
    const flushed: string[] = [];
    const c = groupCommit(async (batch) => {
      flushed.push(batch.toString());
    });
    await c.push(b('a'));
    await c.idle();
    await c.push(b('b'));
    expect(flushed).toEqual(['a', 'b']);
  });

  it('is idle only once every piece asked for has settled', async () => {
    const d = disk();
    const c = groupCommit(d.flush);
    void c.push(b('a'));
    await d.tick();
    void c.push(b('b'));
    let idle = false;
    const waiting = c.idle().then(() => (idle = true));
    await d.tick();
    d.pending[0].resolve();
    await d.tick();
    expect(idle).toBe(false);
    d.pending[1].resolve();
    await waiting;
    expect(idle).toBe(true);
  });
});
