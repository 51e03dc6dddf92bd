// Apply the versioned library patches (patches/), then build the optional Kerberos binding from its
// patched source. The binding's own install script may have fetched a prebuilt (unpatched) binary, or
// built before the patch was applied, so it is rebuilt here; on Windows the patch does not apply (it
// fixes the Unix GSSAPI code) and nothing is rebuilt. A failed rebuild leaves kcdmesh working with
// simple binds: `--auth kerberos` then says how to install the module.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const patchPackage = (...args) => spawnSync(process.execPath, ['node_modules/patch-package/index.js', ...args], { stdio: 'inherit' });
const patch = patchPackage();
if (patch.status !== 0) process.exit(patch.status ?? 1);

// Patches of optional packages live apart: patch-package fails (in CI) on a patch whose package is absent.
const kerberos = existsSync('node_modules/kerberos/package.json');
if (kerberos) {
  const optional = patchPackage('--patch-dir', 'patches-optional');
  if (optional.status !== 0) process.exit(optional.status ?? 1);
}

if (process.platform !== 'win32' && kerberos) {
  // node-gyp from source (npm passes its own in npm_config_node_gyp): never a prebuilt binary, which
  // would not carry the patch.
  const gyp = process.env.npm_config_node_gyp;
  const r = gyp
    ? spawnSync(process.execPath, [gyp, 'rebuild'], { cwd: 'node_modules/kerberos', stdio: ['ignore', 'ignore', 'inherit'] })
    : spawnSync(npm, ['rebuild', 'kerberos'], { stdio: 'inherit' });
  if (r.status !== 0) {
    process.stderr.write('kcdmesh: the optional Kerberos module could not be built (needs libkrb5-dev, a C++ compiler and python3); simple binds are unaffected\n');
  } else {
    process.stderr.write('kcdmesh: built the Kerberos module from its patched source\n');
  }
}
