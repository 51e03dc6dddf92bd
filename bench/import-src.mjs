// import-src.mjs - import modules of src/ into a bench script. dist/ holds only the CLI's bundle, whose
// chunks export nothing by name: the modules asked for are bundled (esbuild, npm packages left outside)
// into bench/.out/, two folders below the root as src/<stage>/ is, so that a module finding a file from
// its own URL (the report template) finds it there too.
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

/** The exports of `files` (paths under src/, e.g. 'core/plan.ts'), as one module namespace. */
export async function importSrc(name, files) {
  const out = join(ROOT, 'bench', '.out', `${name}.mjs`);
  await build({
    stdin: { contents: files.map((f) => `export * from './src/${f}';`).join('\n'), resolveDir: ROOT, loader: 'ts' },
    outfile: out,
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    packages: 'external',
    logLevel: 'warning',
  });
  return import(pathToFileURL(out).href);
}
