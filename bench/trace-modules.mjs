// trace-modules.mjs - record every module a Node process loads, for bench/run.mjs's lazy-loading check.
//   KCDMESH_BENCH_MODTRACE=FILE node --import ./bench/trace-modules.mjs dist/cli.js verify ...
// ES modules are recorded by a resolve hook (module.register, runs on the loader thread); CommonJS
// modules (winston and most of its dependencies) from require.cache when the process exits.
// FILE gets one line per module: "esm URL" or "cjs URL".
import { appendFileSync } from 'node:fs';
import { createRequire, register } from 'node:module';
import { pathToFileURL } from 'node:url';

const out = process.env.KCDMESH_BENCH_MODTRACE;
if (!out) throw new Error('trace-modules.mjs: set KCDMESH_BENCH_MODTRACE to the output file');
register('./trace-modules-hook.mjs', import.meta.url, { data: { out } });
process.on('exit', () => {
  const files = Object.keys(createRequire(import.meta.url).cache);
  appendFileSync(out, files.map((f) => `cjs ${pathToFileURL(f).href}\n`).join(''));
});
