#!/usr/bin/env node
// profile-summary.mjs - where a `node --cpu-prof` profile spent its time, by package and by function.
//   node bench/profile-summary.mjs FILE.cpuprofile [TOP]
// "(idle)" is time the process waited (for the DC, mostly); "(garbage collector)" is V8's GC;
// node:internal is Node's own JavaScript (streams, TLS, the module loader).
import { existsSync, readFileSync, realpathSync } from 'node:fs';
import { SourceMap } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';

/**
 * A frame of kcdmesh's bundle (dist/cli.js, dist/chunks/*.js) as the source it came from, through the
 * bundle's linked source map: `planTopology src/core/plan.ts:170`, not a chunk's hashed name.
 */
function sourceFrames() {
  const maps = new Map();
  const mapOf = (url) => {
    if (!maps.has(url)) {
      const file = url.startsWith('file:') ? `${fileURLToPath(url)}.map` : null;
      maps.set(url, file && existsSync(file) ? new SourceMap(JSON.parse(readFileSync(file, 'utf8'))) : null);
    }
    return maps.get(url);
  };
  return (frame) => {
    if (!/\/dist\/.+\.js$/.test(frame.url)) return frame;
    const entry = mapOf(frame.url)?.findEntry(frame.lineNumber, frame.columnNumber);
    const src = entry?.originalSource && /(?:^|\/)(src\/.+)$/.exec(entry.originalSource);
    return src ? { ...frame, url: `kcdmesh:${src[1]}`, lineNumber: entry.originalLine } : frame;
  };
}

/** Self time per package and per function, and inclusive time per function, in microseconds. */
export function summarise(profile) {
  const frame = sourceFrames();
  const byId = new Map(profile.nodes.map((n) => [n.id, { ...n, callFrame: frame(n.callFrame) }]));
  const parent = new Map();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const sampled = new Map();
  profile.samples.forEach((id, i) => sampled.set(id, (sampled.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
  const total = [...sampled.values()].reduce((a, b) => a + b, 0);
  const fn = (n) => `${n.callFrame.functionName || '(anonymous)'} ${where(n.callFrame.url)}:${n.callFrame.lineNumber + 1}`;
  const add = (m, k, v) => m.set(k, (m.get(k) ?? 0) + v);
  const pkgSelf = new Map();
  const fnSelf = new Map();
  const fnIncl = new Map();
  for (const [id, t] of sampled) {
    const n = byId.get(id);
    const special = n.callFrame.url === '' && /^\(.*\)$/.test(n.callFrame.functionName);
    add(pkgSelf, special ? n.callFrame.functionName : where(n.callFrame.url), t);
    add(fnSelf, fn(n), t);
    const seen = new Set();
    for (let cur = id; cur !== undefined; cur = parent.get(cur)) {
      const k = fn(byId.get(cur));
      if (!seen.has(k)) add(fnIncl, k, t);
      seen.add(k);
    }
  }
  return { total, pkgSelf, fnSelf, fnIncl };
}

/**
 * When each of `names` (function names) ran: the first and the last sample with it on the stack, in ms
 * from the profile's start. Phases that run one after the other show where the wall time went.
 */
export function timeline(profile, names) {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const out = new Map();
  let at = 0;
  profile.samples.forEach((id, i) => {
    at += profile.timeDeltas[i] ?? 0;
    for (let cur = id; cur !== undefined; cur = parent.get(cur)) {
      const name = byId.get(cur).callFrame.functionName;
      if (!names.includes(name)) continue;
      const seen = out.get(name);
      if (seen) seen.last = at / 1000;
      else out.set(name, { first: at / 1000, last: at / 1000 });
    }
  });
  return names.filter((n) => out.has(n)).map((n) => ({ name: n, ...out.get(n) }));
}

/** A short name for a script URL: the npm package, kcdmesh's dist file, or node:internal. */
export function where(url) {
  if (!url) return '(native)';
  const m = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (m) return m[1];
  if (url.startsWith('kcdmesh:')) return `kcdmesh ${url.slice('kcdmesh:'.length)}`;
  const d = /\/dist\/(.+)$/.exec(url);
  if (d) return `kcdmesh ${d[1]}`;
  if (url.startsWith('node:')) return 'node:internal';
  return url.replace(/^file:\/\//, '');
}

export function top(map, total, n) {
  return [...map]
    .sort((a, b) => b[1] - a[1])
    .slice(0, n)
    .map(([k, v]) => ({ name: k, ms: v / 1000, share: v / total }));
}

if (process.argv[1] && import.meta.url === pathToFileURL(realpathSync(process.argv[1])).href) {
  const file = process.argv[2];
  if (!file) {
    console.error('usage: node bench/profile-summary.mjs FILE.cpuprofile [TOP]');
    process.exit(2);
  }
  const n = Number(process.argv[3] ?? 25);
  const s = summarise(JSON.parse(readFileSync(file, 'utf8')));
  const print = (title, rows) => {
    console.log(`--- ${title}`);
    for (const r of rows) console.log(`${r.ms.toFixed(1).padStart(8)} ms ${(100 * r.share).toFixed(1).padStart(5)}%  ${r.name}`);
  };
  console.log(`total ${(s.total / 1000).toFixed(1)} ms sampled`);
  print('self time by package', top(s.pkgSelf, s.total, n));
  print('self time by function', top(s.fnSelf, s.total, n));
  print('inclusive time by function', top(s.fnIncl, s.total, n));
}
