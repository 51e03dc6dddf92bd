import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
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
