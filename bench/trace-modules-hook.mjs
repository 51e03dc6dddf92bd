// Loader hook of trace-modules.mjs: appends "esm URL" for every module resolved (ESM graph and dynamic imports).
import { appendFileSync } from 'node:fs';

let out = null;
export function initialize(data) {
  out = data.out;
}
export async function resolve(specifier, context, nextResolve) {
  const result = await nextResolve(specifier, context);
  if (out && !result.url.startsWith('node:')) appendFileSync(out, `esm ${result.url}\n`);
  return result;
}
