import { describe, expect, it } from '@jest/globals';
import { Interrupter, STOP_EXIT, stopLine } from '../../../src/shell/interrupt.js';
import { wantsJson } from '../../../src/shell/json-wanted.js';

describe('Interrupter', () => {
  it('aborts its signal on the first interruption, reports later ones as "again", and gives the exit code', () => {
    const i = new Interrupter();
    expect(i.exitCode).toBeNull();
    expect(i.interrupt('SIGTERM')).toBe('first');
    expect(i.signal.aborted).toBe(true);
    expect(i.exitCode).toBe(143);
    expect(i.interrupt('SIGINT')).toBe('again');
    expect(i.exitCode).toBe(143);
  });

  it('waits for every hold to be released, once each', async () => {
    const i = new Interrupter();
    const a = i.hold();
    const b = i.hold();
    let done = false;
    const released = i.released().then(() => { done = true; });
    a();
    a(); // a second release of the same hold changes nothing
    await Promise.resolve();
    expect(done).toBe(false);
    expect(i.held).toBe(true);
    b();
    await released;
    expect(done).toBe(true);
    expect(i.held).toBe(false);
  });

  it('has the shell exit codes and one line per reason', () => {
    expect(STOP_EXIT).toMatchObject({ SIGINT: 130, SIGTERM: 143, SIGHUP: 129, EPIPE: 141 });
    expect(stopLine('SIGINT', false)).toBe('kcdmesh: interrupted by SIGINT');
    expect(stopLine('EPIPE', true)).toBe('kcdmesh: standard output was closed: no further host is written; recording the hosts already sent, then stopping');
  });
});

describe('wantsJson', () => {
  it.each([
    [['plan', '-o', 'json'], true],
    [['plan', '--output', 'json', '--max-values', 'x'], true],
    [['plan', '--output=json'], true],
    [['plan', '-ojson'], true],
    [['plan', '--output', 'text'], false],
    [['plan', '--', '--output', 'json'], false],
    [['plan', 'json'], false],
  ])('%j -> %s', (argv, want) => expect(wantsJson(argv)).toBe(want));
});
