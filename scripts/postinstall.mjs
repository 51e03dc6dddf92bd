// Apply the versioned library patches (patches/), then build the optional Kerberos binding from its
// patched source. The binding's own install script may have fetched a prebuilt (unpatched) binary, or
// built before the patch was applied, so it is rebuilt here; on Windows the patch does not apply (it
// fixes the Unix GSSAPI code) and nothing is rebuilt. A failed rebuild leaves kcdmesh working with
// simple binds: `--auth kerberos` then says how to install the module.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const HERE = join(dirname(fileURLToPath(import.meta.url)), '..');

/**
 * The folder whose node_modules holds `name` as kcdmesh resolves it: kcdmesh's own, or (kcdmesh installed
 * as a dependency, its packages hoisted) a folder above it. patch-package patches <folder>/node_modules/<name>.
 */
function holderOf(name) {
  for (let dir = HERE; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'node_modules', name, 'package.json'))) return dir;
    if (dirname(dir) === dir) return null;
  }
}

const tool = holderOf('patch-package');
if (tool === null) {
  process.stderr.write('kcdmesh: patch-package is not installed, so the patches of patches/ cannot be applied\n');
  process.exit(1);
}
/**
 * patch-package's own apply step for the folder holding the packages, named outright: its command line
 * looks for the folder's package.json, which npm writes only after the install scripts when kcdmesh is
 * installed into a folder that has none. A patch that does not apply fails the install (the command line
 * fails only in CI): kcdmesh does not run on an unpatched ldapts.
 */
const patchPackage = (root, patchDir) => {
  const apply = join(tool, 'node_modules', 'patch-package', 'dist', 'applyPatches.js');
  const args = { appPath: root, reverse: false, patchDir: relative(root, join(HERE, patchDir)) || '.', shouldExitWithError: true, shouldExitWithWarning: false, bestEffort: false };
  const code = `require(${JSON.stringify(apply)}).applyPatchesForApp(${JSON.stringify(args)})`;
  return spawnSync(process.execPath, ['-e', code], { cwd: root, stdio: 'inherit' });
};
const ldapts = holderOf('ldapts');
if (ldapts === null) {
  process.stderr.write('kcdmesh: ldapts is not installed beside kcdmesh, so its patches (patches/) cannot be applied; install kcdmesh with its dependencies (npm ci)\n');
  process.exit(1);
}
const patch = patchPackage(ldapts, 'patches');
if (patch.status !== 0) process.exit(patch.status ?? 1);

// Patches of optional packages live apart: patch-package fails (in CI) on a patch whose package is absent.
const kerberosRoot = holderOf('kerberos');
const kerberos = kerberosRoot !== null;
if (kerberos) {
  const optional = patchPackage(kerberosRoot, 'patches-optional');
  if (optional.status !== 0) process.exit(optional.status ?? 1);
}

if (process.platform !== 'win32' && kerberos) {
  // node-gyp from source (npm passes its own in npm_config_node_gyp): never a prebuilt binary, which
  // would not carry the patch.
  const gyp = process.env.npm_config_node_gyp;
  const r = gyp
    ? spawnSync(process.execPath, [gyp, 'rebuild'], { cwd: join(kerberosRoot, 'node_modules', 'kerberos'), stdio: ['ignore', 'ignore', 'inherit'] })
    : spawnSync(npm, ['rebuild', 'kerberos'], { cwd: kerberosRoot, stdio: 'inherit' });
  if (r.status !== 0) {
    process.stderr.write('kcdmesh: the optional Kerberos module could not be built (needs libkrb5-dev, a C++ compiler and python3); simple binds are unaffected\n');
  } else {
    process.stderr.write('kcdmesh: built the Kerberos module from its patched source\n');
  }
}
