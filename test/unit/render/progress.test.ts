import { describe, expect, it } from '@jest/globals';
import { HANDFUL, createProgress } from '../../../src/render/progress.js';

function sink(isTTY: boolean) {
  const out: string[] = [];
  return { out, write: (s: string) => { out.push(s); }, isTTY };
}

describe('createProgress', () => {
  it('writes one line per step on a terminal for more than a handful of hosts', () => {
    const s = sink(true);
    const p = createProgress(s, { quiet: false, hosts: HANDFUL + 1 });
    p.step('reading 6 hosts from ldaps://dc1.lab.test');
    p.step('checking 6 hosts, 30 directed pairs');
    expect(s.out.join('')).toBe('kcdmesh: reading 6 hosts from ldaps://dc1.lab.test ...\nkcdmesh: checking 6 hosts, 30 directed pairs ...\n');
  });

  it('shows progress for discovered hosts, whose number is not known up front', () => {
    const s = sink(true);
    createProgress(s, { quiet: false, hosts: null }).step('discovering');
    expect(s.out).toEqual(['kcdmesh: discovering ...\n']);
  });

  it.each([
    ['a handful of hosts', true, false, HANDFUL],
    ['--quiet', true, true, 50],
    ['no terminal (a pipeline)', false, false, 50],
  ])('is silent for %s', (_label, isTTY, quiet, hosts) => {
    const s = sink(isTTY);
    createProgress(s, { quiet, hosts }).step('reading');
    expect(s.out).toEqual([]);
  });
});
