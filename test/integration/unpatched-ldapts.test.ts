import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from '@jest/globals';
import { LAB_DIR } from '../lab/dc.js';
import { adminEnv, createHosts } from '../lab/lab.js';

const ROOT = join(LAB_DIR, '..', '..');
const HOSTS = ['UNPT01', 'UNPT02'];

beforeAll(() => createHosts(HOSTS));

/**
 * kcdmesh as installed with its install script skipped (npm --ignore-scripts, or an npm that does not
 * allow it): its ldapts is the registry's, here the lab's copy with the patch that hands entries over as
 * they arrive taken back out.
 */
function installWithoutPatches(): string {
  const app = mkdtempSync(join(tmpdir(), 'kcdmesh-unpatched-'));
  const pkg = join(app, 'node_modules', 'kcdmesh');
  mkdirSync(pkg, { recursive: true });
  for (const f of ['package.json', 'dist']) cpSync(join(ROOT, f), join(pkg, f), { recursive: true });
  cpSync(join(ROOT, 'node_modules', 'ldapts'), join(app, 'node_modules', 'ldapts'), { recursive: true });
  rmSync(join(app, 'node_modules', 'ldapts', '.patch-package.json'), { force: true });
  const entries = readdirSync(join(ROOT, 'patches')).find((p) => /^ldapts\+.*\+003\+/.test(p));
  expect(entries).toBeDefined();
  execFileSync('git', ['apply', '-R', join(ROOT, 'patches', entries as string)], { cwd: app });
  return join(pkg, 'dist', 'cli.js');
}

describe('an ldapts without kcdmesh\'s patches', () => {
  it('is named, with what to run, instead of every host reported missing', () => {
    const cli = installWithoutPatches();
    const r = spawnSync(process.execPath, [cli, 'verify', ...HOSTS], { encoding: 'utf8', env: { PATH: process.env.PATH, ...adminEnv() }, timeout: 60000 });
    expect(r.stderr).toMatch(/^kcdmesh: error: the ldapts installed beside kcdmesh is not patched for it/m);
    expect(r.stderr).toContain('hint: let the install script run: in a project, npm install-scripts approve kcdmesh, then npm rebuild kcdmesh; installed globally, install it again with npm install -g --allow-scripts=kcdmesh,kerberos');
    expect(r.stderr).not.toMatch(/no computer named/);
    expect(r.status).toBe(1);
  });
});
