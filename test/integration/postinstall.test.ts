import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { LAB_DIR } from '../lab/dc.js';

const ROOT = join(LAB_DIR, '..', '..');

describe('postinstall', () => {
  it('kcdmesh installed as a dependency (its packages hoisted beside it): the patches apply to the ldapts it loads', () => {
    // npm install ./kcdmesh-0.1.0.tgz in a project: node_modules/{kcdmesh,ldapts,patch-package}, nothing nested.
    const app = mkdtempSync(join(tmpdir(), 'kcdmesh-consumer-'));
    writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'consumer', version: '1.0.0', private: true }));
    const pkg = join(app, 'node_modules', 'kcdmesh');
    mkdirSync(join(pkg, 'scripts'), { recursive: true });
    for (const f of ['package.json', 'scripts/postinstall.mjs', 'patches', 'patches-optional']) cpSync(join(ROOT, f), join(pkg, f), { recursive: true });
    // ldapts as the project's install holds it (already patched here: patch-package then checks and accepts it)
    cpSync(join(ROOT, 'node_modules', 'ldapts'), join(app, 'node_modules', 'ldapts'), { recursive: true });
    symlinkSync(join(ROOT, 'node_modules', 'patch-package'), join(app, 'node_modules', 'patch-package'));
    const r = spawnSync(process.execPath, ['scripts/postinstall.mjs'], { cwd: pkg, encoding: 'utf8', env: { PATH: process.env.PATH }, timeout: 60000 });
    expect(r.stderr).not.toMatch(/Cannot find module|Error/);
    expect(r.stdout).toMatch(/ldapts@8\.2\.0 \(1 sasl-gssapi\) ✔/);
    expect(r.status).toBe(0);
  });

  /** node_modules/{kcdmesh,ldapts,patch-package} in a new folder, as npm leaves it when the install scripts run. */
  function consumer(withPackageJson: boolean): { app: string; pkg: string } {
    const app = mkdtempSync(join(tmpdir(), 'kcdmesh-consumer-'));
    if (withPackageJson) writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'consumer', version: '1.0.0', private: true }));
    const pkg = join(app, 'node_modules', 'kcdmesh');
    mkdirSync(join(pkg, 'scripts'), { recursive: true });
    for (const f of ['package.json', 'scripts/postinstall.mjs', 'patches', 'patches-optional']) cpSync(join(ROOT, f), join(pkg, f), { recursive: true });
    cpSync(join(ROOT, 'node_modules', 'ldapts'), join(app, 'node_modules', 'ldapts'), { recursive: true });
    symlinkSync(join(ROOT, 'node_modules', 'patch-package'), join(app, 'node_modules', 'patch-package'));
    return { app, pkg };
  }
  const postinstall = (pkg: string) => spawnSync(process.execPath, ['scripts/postinstall.mjs'], { cwd: pkg, encoding: 'utf8', env: { PATH: process.env.PATH }, timeout: 60000 });

  it('installed into a folder with no package.json yet (npm install ./kcdmesh-0.1.0.tgz in an empty folder): the patches apply all the same', () => {
    const { pkg } = consumer(false);
    const r = postinstall(pkg);
    expect(r.stderr).not.toMatch(/Cannot find module|Error|no package.json/);
    expect(r.stdout).toMatch(/ldapts@8\.2\.0 \(1 sasl-gssapi\) ✔/);
    expect(r.status).toBe(0);
  });

  it('an ldapts the patches do not fit fails the install, outside CI too', () => {
    const { app, pkg } = consumer(true);
    // as the registry gives it (no record of patches applied), but not the code the patches were made for
    rmSync(join(app, 'node_modules', 'ldapts', '.patch-package.json'));
    writeFileSync(join(app, 'node_modules', 'ldapts', 'dist', 'index.mjs'), '// not the ldapts the patches were made for\n');
    const r = spawnSync(process.execPath, ['scripts/postinstall.mjs'], { cwd: pkg, encoding: 'utf8', env: { PATH: process.env.PATH, CI: '' }, timeout: 60000 });
    expect(`${r.stdout}${r.stderr}`).toMatch(/Failed to apply patch file ldapts\+8\.2\.0\+001/);
    expect(r.status).not.toBe(0);
  });

  it('a Kerberos module the patch does not fit fails the install, outside CI too: no unpatched binding is built', () => {
    const { app, pkg } = consumer(true);
    const kerberos = join(app, 'node_modules', 'kerberos');
    mkdirSync(join(kerberos, 'src', 'unix'), { recursive: true });
    cpSync(join(ROOT, 'node_modules', 'kerberos', 'package.json'), join(kerberos, 'package.json'));
    writeFileSync(join(kerberos, 'src', 'unix', 'kerberos_unix.cc'), '// not the source the patch was made for\n');
    const r = spawnSync(process.execPath, ['scripts/postinstall.mjs'], { cwd: pkg, encoding: 'utf8', env: { PATH: process.env.PATH, CI: '' }, timeout: 60000 });
    expect(`${r.stdout}${r.stderr}`).toMatch(/Failed to apply patch for package kerberos/);
    expect(`${r.stdout}${r.stderr}`).not.toMatch(/built the Kerberos module/);
    expect(r.status).not.toBe(0);
  });

  it('no ldapts anywhere above kcdmesh: one line that says so and what to do, exit 1', () => {
    const app = mkdtempSync(join(tmpdir(), 'kcdmesh-consumer-'));
    const pkg = join(app, 'node_modules', 'kcdmesh');
    mkdirSync(join(pkg, 'scripts'), { recursive: true });
    for (const f of ['package.json', 'scripts/postinstall.mjs', 'patches', 'patches-optional']) cpSync(join(ROOT, f), join(pkg, f), { recursive: true });
    symlinkSync(join(ROOT, 'node_modules', 'patch-package'), join(app, 'node_modules', 'patch-package'));
    const r = spawnSync(process.execPath, ['scripts/postinstall.mjs'], { cwd: pkg, encoding: 'utf8', env: { PATH: process.env.PATH }, timeout: 60000 });
    expect(r.stderr).toBe('kcdmesh: ldapts is not installed beside kcdmesh, so its patches (patches/) cannot be applied; install kcdmesh with its dependencies (npm ci)\n');
    expect(r.status).toBe(1);
  });
});
