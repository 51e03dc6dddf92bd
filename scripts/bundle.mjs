// bundle.mjs - `npm run build` after the type check: src/cli.ts as one ES module bundle, dist/cli.js, and
// each lazily imported part (a command, the LDAP directory, the Kerberos bind, the report writer) as a
// chunk in dist/chunks/. Start-up then reads and compiles a few files instead of ~75 modules.
// The npm packages stay outside (`packages: 'external'`): ldapts carries our patches in node_modules,
// kerberos is a native module, and both are loaded only by a command that connects.
import { chmodSync, existsSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const DIST = join(ROOT, 'dist');
const PACKAGE = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
/** Every dependency but commander, and whatever it imports itself. */
const EXTERNAL = Object.keys({ ...PACKAGE.dependencies, ...PACKAGE.optionalDependencies })
  .filter((name) => name !== 'commander')
  .flatMap((name) => [name, `${name}/*`]);

// The tsc tree of an earlier build would sit beside the bundle and be shipped with it.
rmSync(DIST, { recursive: true, force: true });
const result = await build({
  absWorkingDir: ROOT,
  entryPoints: ['src/cli.ts'],
  outdir: 'dist',
  entryNames: '[name]',
  chunkNames: 'chunks/[name]-[hash]',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  // commander is parsed on every run: in the bundle it is one file of ours, not nine modules to resolve,
  // read and wrap. The rest stay outside: ldapts carries our patches, kerberos is native, and the others
  // are loaded only by the command that needs them.
  external: EXTERNAL,
  // commander is CommonJS: its require() of Node's own modules needs a require in an ES module
  banner: { js: "import { createRequire as bundleRequire } from 'node:module';\nconst require = bundleRequire(import.meta.url);" },
  sourcemap: 'linked',
  metafile: true,
  logLevel: 'warning',
});

// A file found relative to its module (the report template) must still be there from where the bundle put the module.
const missing = [];
for (const out of Object.keys(result.metafile.outputs).filter((f) => f.endsWith('.js'))) {
  const file = join(ROOT, out);
  for (const [, rel] of readFileSync(file, 'utf8').matchAll(/new URL\("([^"]+)", import\.meta\.url\)/g)) {
    if (!existsSync(new URL(rel, pathToFileURL(file)))) missing.push(`${out}: ${rel}`);
  }
}
if (missing.length) {
  process.stderr.write(`bundle: files located from a module's own URL are not found from the bundle:\n  ${missing.join('\n  ')}\n  hint: keep such a module lazily imported (a chunk in dist/chunks/, as deep as src/<stage>/) or change the path\n`);
  process.exit(1);
}

chmodSync(join(DIST, 'cli.js'), 0o755);
const js = Object.entries(result.metafile.outputs).filter(([f]) => f.endsWith('.js'));
const kb = js.reduce((n, [, o]) => n + o.bytes, 0) / 1024;
process.stdout.write(`bundle: ${relative(ROOT, join(DIST, 'cli.js'))} and ${js.length - 1} chunks in ${relative(ROOT, dirname(join(DIST, 'chunks', 'x')))}/ (${kb.toFixed(0)} KiB)\n`);
