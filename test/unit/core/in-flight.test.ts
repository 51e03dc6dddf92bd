import { describe, expect, it } from '@jest/globals';
import { inFlight } from '../../../src/core/in-flight.js';

/** A task per item that ends when told to, recording how many run at once. */
function tasks() {
  const open = new Map<number, { resolve: (v: string) => void; reject: (e: Error) => void }>();
  const started: number[] = [];
  let running = 0;
  let most = 0;
  const fn = (i: number): Promise<string> => {
    started.push(i);
    most = Math.max(most, ++running);
    return new Promise<string>((resolve, reject) => {
      open.set(i, {
        resolve: (v) => (running--, resolve(v)),
        reject: (e) => (running--, reject(e)),
      });
    });
  };
  const tick = (): Promise<void> => new Promise((r) => setImmediate(r));
  return { fn, open, started, most: () => most, tick };
}

describe('inFlight', () => {
  it('runs at most `limit` at once and gives the results in the items\' order, whatever order they end in', async () => {
    const t = tasks();
    const all = inFlight([0, 1, 2, 3, 4, 5], 2, t.fn);
    await t.tick();
    expect(t.started).toEqual([0, 1]);
    for (const i of [1, 0, 3, 2, 5, 4]) {
      while (!t.open.has(i)) await t.tick();
      t.open.get(i)!.resolve(`r${i}`);
      await t.tick();
    }
    expect(await all).toEqual(['r0', 'r1', 'r2', 'r3', 'r4', 'r5']);
    expect(t.most()).toBe(2);
  });

  it('starts nothing more after a failure and rejects with the first one', async () => {
    const t = tasks();
    const all = inFlight([0, 1, 2, 3, 4], 2, t.fn);
    await t.tick();
    t.open.get(1)!.reject(new Error('lost'));
    await expect(all).rejects.toThrow('lost');
    t.open.get(0)!.resolve('r0'); // the other lane ends well: it takes no further item
    await t.tick();
    expect(t.started).toEqual([0, 1]);
  });

  it('handles no items, and fewer items than the limit', async () => {
    expect(await inFlight([], 4, async (x: number) => x)).toEqual([]);
    expect(await inFlight([1, 2], 4, async (x: number) => x * 10)).toEqual([10, 20]);
  });
});
