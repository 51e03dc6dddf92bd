import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { LAB_DIR } from '../lab/dc.js';

const ROOT = join(LAB_DIR, '..', '..');
const CLI = join(ROOT, 'dist', 'cli.js');
const TRACER = join(ROOT, 'bench', 'trace-modules.mjs');

/** The built binary run under bench/trace-modules.mjs: its exit code and every module it loaded. */
function traced(args: string[], env: Record<string, string> = {}): { code: number; modules: string[] } {
  const file = join(mkdtempSync(join(tmpdir(), 'kcdmesh-modtrace-')), 'modules.txt');
  const r = spawnSync(process.execPath, ['--import', TRACER, CLI, ...args], {
    encoding: 'utf8',
    env: { PATH: process.env.PATH, KCDMESH_BENCH_MODTRACE: file, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    timeout: 30000,
  });
  const modules = readFileSync(file, 'utf8').split('\n').filter(Boolean);
  return { code: r.status ?? -1, modules };
}

const ldap = (modules: string[]): string[] => modules.filter((m) => /\/node_modules\/(ldapts|kerberos)\//.test(m));

describe('start-up: only a command that connects loads the LDAP code', () => {
  it.each([['--version'], ['--help'], ['verify', '--help']])('%s loads neither ldapts nor kerberos', (...args) => {
    const r = traced(args);
    expect(r.code).toBe(0);
    expect(r.modules.some((m) => m.endsWith('/cli.js'))).toBe(true);
    expect(ldap(r.modules)).toEqual([]);
  });

  it('control: a verify that connects (here to a closed port) does load ldapts, so the tracer sees it', () => {
    const r = traced(['verify', 'HV01', '--url', 'ldaps://127.0.0.1:9', '--user', 'admin@lab.test', '--timeout', '3'], { KCDMESH_PASSWORD: 'not-used-here' });
    expect(r.code).toBe(1);
    expect(ldap(r.modules).some((m) => m.includes('/node_modules/ldapts/'))).toBe(true);
  });
});
