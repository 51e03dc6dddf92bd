#!/usr/bin/env node
// bench/run.mjs - kcdmesh's benchmark (issue 6): `npm run bench` (builds, then runs this).
//
// Starts a throwaway Samba AD DC (test/lab/samba-dc.sh) on its own loopback address in a temp
// directory, creates N Hyper-V computers (N = 16, 64, 250: a full mesh at 250 is 996 values per
// host) and measures, as medians of several runs taken side by side (the machine is noisy):
//   1. `kcdmesh verify` of the full mesh vs one paged `ldapsearch` of the same objects and attributes,
//      vs bench/node-floor.mjs (the least a Node process can do: TLS, bind, search, decode), and vs
//      bench/stack-floor.mjs (the least a program on the required commander and ldapts can do);
//   2. `kcdmesh apply` from empty (it re-reads to verify) vs one `ldapmodify` of the same changes
//      followed by the same `ldapsearch`;
//   3. `kcdmesh apply` vs a scripted admin running `samba-tool delegation add-service` once per value
//      (a 10-call sample, extrapolated to the full value count);
//   4. the LDAP requests kcdmesh sent (`--stats`), peak RSS (GNU time), the fixed cost of a run, which
//      modules a non-interactive verify loads, and computePlan's time per value on synthetic meshes.
// Prints a Markdown report, checks each target of the issue, and writes bench/results-latest.md,
// bench/results-latest.json, bench/chart.svg and the section of BENCHMARKS.md between
// `<!-- bench:latest:begin -->` and `<!-- bench:latest:end -->`. The DC is stopped (by its pid, through
// samba-dc.sh stop) at the end, on failure and on Ctrl-C. Targets missed do not fail the run: the
// report says which and why to look.
//
// Environment (all optional):
//   KCDMESH_BENCH_IP     loopback address of the DC (127.0.0.61)
//   KCDMESH_BENCH_SIZES  sizes and runs, "N:runs,..." (16:7,64:7,250:13)
//   KCDMESH_BENCH_CLI    kcdmesh entry point to measure (dist/cli.js), e.g. an experimental build
//   KCDMESH_BENCH_BIG    runs of each big-directory scenario (bench/big.mjs: discover among 5,000
//                        computers, 620 hosts with no delegation, 1,000 hosts in 4 groups); 0 skips them (2)
//   KCDMESH_BENCH_KEEP=1 leave the DC running and its directory in place
//   KCDMESH_BENCH_NO_WRITE=1  print the report only; write no file
// Needs root, the lab packages (bash test/lab/install.sh) and GNU time (apt-get install time).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync, readdirSync } from 'node:fs';
import os from 'node:os';
import { join, relative, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { summarise, timeline, top } from './profile-summary.mjs';
import { evaluateBig, measureBig, reportBig } from './big.mjs';
import { importSrc } from './import-src.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const BENCH = join(ROOT, 'bench');
const CLI = resolve(ROOT, process.env.KCDMESH_BENCH_CLI ?? 'dist/cli.js');
const HARNESS = join(ROOT, 'test/lab/samba-dc.sh');
const IP = process.env.KCDMESH_BENCH_IP ?? '127.0.0.61';
const KEEP = process.env.KCDMESH_BENCH_KEEP === '1';
const WRITE = process.env.KCDMESH_BENCH_NO_WRITE !== '1';
const SIZES = (process.env.KCDMESH_BENCH_SIZES ?? '16:7,64:7,250:13').split(',').map((s) => {
  const [n, runs] = s.split(':').map(Number);
  if (!(n >= 2 && n <= 999 && runs >= 1 && runs <= 50)) throw new Error(`KCDMESH_BENCH_SIZES: bad entry ${JSON.stringify(s)} (want N:runs, 2 <= N <= 999)`);
  return { n, runs };
}).sort((a, b) => a.n - b.n);
const PREFIX = 'HV';
const SERVICES = ['cifs', 'Microsoft Virtual System Migration Service'];
const ATTRIBUTES = ['sAMAccountName', 'dNSHostName', 'userAccountControl', 'msDS-AllowedToDelegateTo', 'servicePrincipalName'];
const PERMISSIVE_MODIFY = '1.2.840.113556.1.4.1413';
const PAGE_SIZE = 500;
/** A value budget above a 250-host mesh's 996, so that a complete mesh verifies clean (exit 0). */
const SCRIPT_SAMPLE = 10;
const PLAN_SIZES = [50, 100, 200, 400];
const BIG_RUNS = Number(process.env.KCDMESH_BENCH_BIG ?? 2);
/** Issue 13's targets (ratios measured side by side in one run). */
const TARGETS = {
  verifyRatio: 2.0, verifyNodeRatio: 1.3, applyRatio: 1.3, fixedCostMs: 250, scriptSpeedup: 100, rssVerifyMB: 120, rssApplyMB: 150, planExponent: 1.15,
  discoverRatio: 1.3, bigOutputMB: 8, bigRssMB: 400,
};
/** Runtime dependencies: the import cost of each is measured (fixed cost). */
const DEPENDENCIES = Object.keys(JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).dependencies ?? {});

const t0 = performance.now();
const say = (msg) => process.stderr.write(`bench [${((performance.now() - t0) / 1000).toFixed(0).padStart(3)} s] ${msg}\n`);

// ------------------------------------------------------------------ processes ---

/**
 * Ctrl-C reaches the child we wait for, but our own signal handler runs only once the synchronous run
 * returns to the event loop: a child ended by a signal ends the bench here (the exit handler stops the DC).
 */
function interrupted(r) {
  if (['SIGINT', 'SIGTERM', 'SIGHUP'].includes(r.signal)) throw new Error(`interrupted (${r.signal})`);
}

/** Run a command to completion; throw with its output when the exit status is not accepted. */
function run(cmd, args, { env = process.env, ok = [0], input, capture = false, cwd = ROOT } = {}) {
  const r = spawnSync(cmd, args, { env, cwd, input, stdio: [input === undefined ? 'ignore' : 'pipe', capture ? 'pipe' : 'ignore', 'pipe'], maxBuffer: 512 << 20, encoding: capture ? 'utf8' : undefined });
  if (r.error) throw new Error(`${cmd}: ${r.error.message}`);
  interrupted(r);
  if (!ok.includes(r.status)) {
    const err = String(r.stderr ?? '').trim().split('\n').slice(-8).join('\n');
    throw new Error(`${cmd} ${args.slice(0, 3).join(' ')} ... exited ${r.status ?? r.signal}\n${err}`);
  }
  return { status: r.status, stdout: capture ? r.stdout : '', stderr: String(r.stderr ?? '') };
}

let rssFile = null;
/** Run a command under GNU time: wall time (ms, our own clock), CPU time (user + sys, ms) and peak RSS (MB). */
function timed(cmd, args, opts = {}) {
  const start = performance.now();
  const r = run('/usr/bin/time', ['-f', '%M %U %S', '-o', rssFile, cmd, ...args], opts);
  const ms = performance.now() - start;
  const [kb, user, sys] = readFileSync(rssFile, 'utf8').trim().split('\n').pop().split(' ').map(Number);
  return { ms, cpuMs: (user + sys) * 1000, rssMB: kb / 1024, status: r.status, stderr: r.stderr, stdout: r.stdout };
}

/** timed, with stdout to an open file (outputs of hundreds of MB stay out of the bench's memory). */
function timedFd(cmd, args, fd, env) {
  const start = performance.now();
  const r = spawnSync('/usr/bin/time', ['-f', '%M %U %S', '-o', rssFile, cmd, ...args], { env, cwd: ROOT, stdio: ['ignore', fd, 'pipe'], maxBuffer: 64 << 20 });
  const ms = performance.now() - start;
  if (r.error) throw new Error(`${cmd}: ${r.error.message}`);
  interrupted(r);
  const out = readFileSync(rssFile, 'utf8');
  // GNU time outlives a Ctrl-C of the command it runs and says so
  if (/terminated by signal (1|2|15)\b/.test(out)) throw new Error('interrupted');
  const [kb, user, sys] = out.trim().split('\n').pop().split(' ').map(Number);
  return { ms, cpuMs: (user + sys) * 1000, rssMB: kb / 1024, status: r.status ?? r.signal, stderr: String(r.stderr ?? '').slice(-2000) };
}

function clock(fn) {
  const start = performance.now();
  fn();
  return performance.now() - start;
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const spread = (xs) => ({ median: median(xs), min: Math.min(...xs), max: Math.max(...xs), runs: xs.length });

// --------------------------------------------------------------------- checks ---

function preflight() {
  const missing = [];
  for (const c of ['samba', 'samba-tool', 'ldapsearch', 'ldapmodify', 'ldapadd', 'ldbadd', 'openssl', 'flock']) {
    if (spawnSync('sh', ['-c', `command -v ${c}`], { stdio: 'ignore' }).status !== 0) missing.push(c);
  }
  if (missing.length) throw new Error(`missing ${missing.join(', ')}: install the lab packages with \`bash test/lab/install.sh\` (Debian 12)`);
  const gt = spawnSync('/usr/bin/time', ['-f', '%M %U %S', 'true'], { encoding: 'utf8' });
  if (gt.error || gt.status !== 0 || !/^\d+ [\d.]+ [\d.]+\s*$/.test(gt.stderr)) {
    throw new Error('GNU time (/usr/bin/time) is needed for peak RSS: install it with `apt-get install time`');
  }
  if (process.getuid?.() !== 0) throw new Error('the lab DC needs root (samba-dc.sh provisions and starts Samba)');
  if (!existsSync(CLI)) throw new Error(`${CLI} does not exist: run \`npm run build\` (npm run bench does it)`);
  if (!existsSync(HARNESS)) throw new Error(`${HARNESS} is missing`);
}

// ------------------------------------------------------------------------ lab ---

let dcDir = null; // the bench's temp directory: dc/ (the lab DC), work/ (LDIFs, profiles)
let dcStarted = false;
function stopDc() {
  if (!dcDir) return;
  const d = dcDir;
  dcDir = null;
  if (KEEP && dcStarted) {
    process.stderr.write(`bench: the DC keeps running (KCDMESH_BENCH_KEEP=1); stop it with: bash test/lab/samba-dc.sh stop ${join(d, 'dc')}\n`);
    return;
  }
  // samba-dc.sh stop signals the pid recorded in dc/samba.pid (checked to be that DC's samba), nothing else
  if (dcStarted) spawnSync('bash', [HARNESS, 'stop', join(d, 'dc')], { stdio: ['ignore', 'ignore', 'inherit'] });
  rmSync(d, { recursive: true, force: true });
}
process.on('exit', stopDc);
for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(sig, () => {
    process.stderr.write(`bench: ${sig}, stopping the DC\n`);
    stopDc();
    process.exit(130);
  });
}

function startDc() {
  dcDir = mkdtempSync(join(os.tmpdir(), 'kcdmesh-bench-'));
  rssFile = join(dcDir, 'time.out');
  const dir = join(dcDir, 'dc');
  say(`starting the lab DC on ${IP} in ${dir}`);
  dcStarted = true;
  try {
    run('bash', [HARNESS, 'start', dir, IP]);
  } catch (err) {
    throw new Error(`${err.message}\n(another DC on ${IP}? set KCDMESH_BENCH_IP=127.0.0.x)`);
  }
  return { dir, ...JSON.parse(readFileSync(join(dir, 'dc.json'), 'utf8')) };
}

/** Names, DNs and FQDNs of HV01..HV<n>, as samba-dc.sh hosts creates them (2-digit numbering). */
function hostList(dc, n) {
  return Array.from({ length: n }, (_, i) => {
    const name = `${PREFIX}${String(i + 1).padStart(2, '0')}`;
    return { name, dn: `CN=${name},${dc.SAMBA_DC_COMPUTERS_DN}`, fqdn: `${name.toLowerCase()}.${dc.SAMBA_DC_DNSDOMAIN}` };
  });
}

/** The values `host` needs for a full mesh, in kcdmesh's order and spelling. */
function meshValues(host, hosts) {
  return hosts.filter((p) => p !== host).flatMap((p) => SERVICES.flatMap((s) => [`${s}/${p.name}`, `${s}/${p.fqdn}`]));
}

function writeLdifs(dir, hosts) {
  const reset = hosts.map((h) => `dn: ${h.dn}\nchangetype: modify\ndelete: msDS-AllowedToDelegateTo\n-\n`).join('\n');
  const mesh = hosts.map((h) => `dn: ${h.dn}\nchangetype: modify\nadd: msDS-AllowedToDelegateTo\n${meshValues(h, hosts).map((v) => `msDS-AllowedToDelegateTo: ${v}\n`).join('')}-\n`).join('\n');
  const files = { reset: join(dir, `reset-${hosts.length}.ldif`), mesh: join(dir, `mesh-${hosts.length}.ldif`) };
  writeFileSync(files.reset, reset);
  writeFileSync(files.mesh, mesh);
  return files;
}

// ------------------------------------------------------------------- commands ---

function tools(dc, work) {
  const backups = join(work, 'backups');
  const ldapEnv = { ...process.env, LDAPTLS_CACERT: dc.SAMBA_DC_CA, LDAPTLS_REQCERT: 'demand' };
  const cliEnv = { ...process.env, KCDMESH_URL: dc.SAMBA_DC_URL, KCDMESH_USER: dc.SAMBA_DC_BIND_UPN, KCDMESH_PASSWORD: dc.SAMBA_DC_PASSWORD, KCDMESH_CA_FILE: dc.SAMBA_DC_CA };
  delete cliEnv.NODE_OPTIONS;
  // apply writes a backup and a change log before it modifies anything: keep them in the temp dir
  cliEnv.KCDMESH_BACKUP_DIR = backups;
  const auth = ['-x', '-H', dc.SAMBA_DC_URL, '-D', dc.SAMBA_DC_BIND_UPN, '-w', dc.SAMBA_DC_PASSWORD];
  const filterAll = `(&(objectClass=computer)(sAMAccountName=${PREFIX}*))`;
  const searchArgs = (filter = filterAll) => [...auth, '-LLL', '-o', 'ldif-wrap=no', '-E', `pr=${PAGE_SIZE}/noprompt`, '-b', dc.SAMBA_DC_BASE_DN, filter, ...ATTRIBUTES];
  const modifyArgs = (file) => [...auth, '-e', PERMISSIVE_MODIFY, '-f', file];
  const samba = (account, value) => ['delegation', 'add-service', `${account}$`, value, '-H', dc.SAMBA_DC_URL_PLAIN, '-U', `${dc.SAMBA_DC_DOMAIN}\\Administrator%${dc.SAMBA_DC_PASSWORD}`, '-s', dc.SAMBA_DC_SMB_CONF];
  const kcd = (cmd, names, extra = []) => [CLI, cmd, ...names, '--stats', ...extra];
  return {
    ldapEnv, cliEnv, filterAll, searchArgs, modifyArgs, auth,
    backups,
    kcdmesh: (cmd, names, extra) => {
      const r = timed('node', kcd(cmd, names, extra), { env: cliEnv, ok: [0, 2] });
      rmSync(backups, { recursive: true, force: true }); // untimed; a 250-host backup is tens of MB
      const m = /LDAP requests: (\d+) searches, (\d+) modifies/.exec(r.stderr);
      return { ...r, searches: m ? Number(m[1]) : null, modifies: m ? Number(m[2]) : null };
    },
    kcdArgs: kcd,
    ldapsearch: (filter) => timed('ldapsearch', searchArgs(filter), { env: ldapEnv }),
    ldapmodify: (file) => timed('ldapmodify', modifyArgs(file), { env: ldapEnv }),
    nodeFloor: (match = PREFIX) => timed('node', [join(BENCH, 'node-floor.mjs'), dc.SAMBA_DC_BASE_DN, match], { env: cliEnv, capture: true }),
    stackFloor: (match = PREFIX) => timed('node', [join(BENCH, 'stack-floor.mjs'), dc.SAMBA_DC_BASE_DN, match], { env: cliEnv, capture: true }),
    sambaTool: (account, value) => clock(() => run('samba-tool', samba(account, value))),
    sambaToolCommand: samba(`${PREFIX}01`, 'cifs/HV02').map((a) => a.replace(dc.SAMBA_DC_PASSWORD, '***').replace(dc.dir, 'DIR')),
    reset: (file) => run('ldapmodify', modifyArgs(file), { env: ldapEnv }),
    /** Entries and delegation values the floor search reads (untimed sanity check). */
    count: (filter) => {
      const out = run('ldapsearch', searchArgs(filter), { env: ldapEnv, capture: true }).stdout;
      return { entries: (out.match(/^dn: /gm) ?? []).length, values: (out.match(/^msDS-AllowedToDelegateTo: /gm) ?? []).length };
    },
  };
}

/** Names per filter of a read of named hosts; a few such searches are in flight at once. */
const { NAMES_PER_FILTER } = await importSrc('filter', ['directory/filter.ts']);
/** Searches of one read pass of N named hosts: ceil(N/64) searches of hosts (one filter of 64 names each, one page each) + sPNMappings. */
const expectedReads = (n) => Math.ceil(n / NAMES_PER_FILTER) + 1;
/**
 * verify reads once more: the domain controllers (src/commands/verify.ts, `readDomainControllers`), for its
 * critical finding that a host delegates to a DC, which the hosts alone cannot show when a value names a
 * computer outside the mesh. Fewer searches (e.g. the DCs read only when some value names a non-member) meet it too.
 */
const expectedVerifyReads = (n) => expectedReads(n) + 1;

// ------------------------------------------------------------------- one size ---

function measureSize(dc, t, { n, runs }, workDir) {
  say(`N=${n}: creating hosts ${PREFIX}01..${PREFIX}${String(n).padStart(2, '0')}`);
  run('bash', [HARNESS, 'hosts', dc.dir, String(n)]);
  const hosts = hostList(dc, n);
  const names = hosts.map((h) => h.name);
  const values = 4 * n * (n - 1);
  const files = writeLdifs(workDir, hosts);
  t.reset(files.reset);
  const present = t.count();
  if (present.entries !== n || present.values !== 0) throw new Error(`N=${n}: expected ${n} empty hosts, found ${present.entries} with ${present.values} values`);

  // 2. apply from empty vs ldapmodify + ldapsearch; reset (untimed) before each
  say(`N=${n}: apply from empty, ${runs} runs (kcdmesh and floor alternate)`);
  const apply = { kcdmesh: [], cpu: [], rss: [], searches: [], modifies: [], floor: [], floorCpu: [], floorModify: [], floorSearch: [] };
  for (let r = 0; r < runs; r++) {
    const order = r % 2 ? ['floor', 'kcdmesh'] : ['kcdmesh', 'floor'];
    for (const which of order) {
      t.reset(files.reset);
      if (which === 'kcdmesh') {
        const a = t.kcdmesh('apply', names, ['--yes']);
        if (a.status !== 0) throw new Error(`N=${n}: kcdmesh apply exited ${a.status}\n${a.stderr.slice(-2000)}`);
        apply.kcdmesh.push(a.ms);
        apply.cpu.push(a.cpuMs);
        apply.rss.push(a.rssMB);
        apply.searches.push(a.searches);
        apply.modifies.push(a.modifies);
      } else {
        const m = t.ldapmodify(files.mesh);
        const s = t.ldapsearch();
        apply.floorModify.push(m.ms);
        apply.floorSearch.push(s.ms);
        apply.floor.push(m.ms + s.ms);
        apply.floorCpu.push(m.cpuMs + s.cpuMs);
      }
    }
  }
  const after = t.count();
  if (after.entries !== n || after.values !== values) throw new Error(`N=${n}: after apply expected ${values} values on ${n} hosts, found ${after.values} on ${after.entries}`);

  // 1. verify of the full mesh vs ldapsearch vs the Node floor
  say(`N=${n}: verify of the full mesh, ${runs} runs (kcdmesh, ldapsearch, node floor, stack floor rotate)`);
  const verify = { kcdmesh: [], cpu: [], rss: [], searches: [], modifies: [], floor: [], floorCpu: [], nodeFloor: [], nodeFloorCpu: [], nodeFloorRss: [], stackFloor: [], stackFloorCpu: [], stackFloorRss: [] };
  const kinds = ['kcdmesh', 'floor', 'nodeFloor', 'stackFloor'];
  for (let r = 0; r < runs; r++) {
    for (let k = 0; k < kinds.length; k++) {
      const which = kinds[(k + r) % kinds.length];
      if (which === 'kcdmesh') {
        const v = t.kcdmesh('verify', names);
        if (v.status !== 0) throw new Error(`N=${n}: kcdmesh verify of the complete mesh exited ${v.status}\n${v.stderr.slice(-2000)}`);
        verify.kcdmesh.push(v.ms);
        verify.cpu.push(v.cpuMs);
        verify.rss.push(v.rssMB);
        verify.searches.push(v.searches);
        verify.modifies.push(v.modifies);
      } else if (which === 'floor') {
        const f = t.ldapsearch();
        verify.floor.push(f.ms);
        verify.floorCpu.push(f.cpuMs);
      } else if (which === 'stackFloor') {
        const f = t.stackFloor();
        const got = JSON.parse(f.stdout);
        if (got.entries !== n || got.values < values) throw new Error(`N=${n}: stack floor read ${got.entries} entries, ${got.values} values`);
        verify.stackFloor.push(f.ms);
        verify.stackFloorCpu.push(f.cpuMs);
        verify.stackFloorRss.push(f.rssMB);
      } else {
        const f = t.nodeFloor();
        const got = JSON.parse(f.stdout);
        if (got.entries !== n || got.values < values) throw new Error(`N=${n}: node floor read ${got.entries} entries, ${got.values} values`);
        verify.nodeFloor.push(f.ms);
        verify.nodeFloorCpu.push(f.cpuMs);
        verify.nodeFloorRss.push(f.rssMB);
        verify.chunks = got.chunks;
        verify.bytes = got.bytes;
      }
    }
  }

  const out = { n, runs, values, valuesPerHost: 4 * (n - 1), apply, verify };
  if (n === SIZES[0].n) out.fixed = measureFixedCost(dc, t, runs);
  if (n === SIZES.at(-1).n) {
    out.profiles = [profileRun(t, 'verify', names, workDir)];
    t.reset(files.reset);
    out.profiles.push(profileRun(t, 'apply', names, workDir, ['--yes']));
  }

  // 3. scripted admin: samba-tool, one call per value; a sample, extrapolated
  t.reset(files.reset);
  say(`N=${n}: scripted admin, ${SCRIPT_SAMPLE} samba-tool calls`);
  const sample = meshValues(hosts[0], hosts).slice(0, SCRIPT_SAMPLE).map((v) => t.sambaTool(hosts[0].name, v));
  const check = t.count(`(sAMAccountName=${hosts[0].name}$)`);
  if (check.values !== sample.length) throw new Error(`N=${n}: samba-tool sample left ${check.values} values on ${hosts[0].name}, expected ${sample.length}`);
  t.reset(files.reset);
  out.script = { sample: spread(sample), perCallMs: median(sample), extrapolatedMs: median(sample) * values };
  return out;
}

/** Start-up, module loading and bind: `kcdmesh verify` of 2 hosts, with `node -e ''` for reference. */
function measureFixedCost(dc, t, runs) {
  say(`fixed cost: node -e '', kcdmesh --version, kcdmesh verify of 2 hosts, ${runs} runs`);
  const names = [`${PREFIX}01`, `${PREFIX}02`];
  const f = { nodeEmpty: [], version: [], verify2: [], verify2Rss: [], ldapsearch2: [], nodeFloor1: [], stackFloor1: [], imports: {} };
  const filter2 = `(&(objectClass=computer)(|${names.map((x) => `(sAMAccountName=${x}$)`).join('')}))`;
  for (let r = 0; r < runs; r++) {
    f.nodeEmpty.push(timed('node', ['-e', '']).ms);
    f.version.push(timed('node', [CLI, '--version'], { env: t.cliEnv }).ms);
    const v = t.kcdmesh('verify', names);
    if (v.status !== 0) throw new Error(`kcdmesh verify ${names.join(' ')} exited ${v.status}\n${v.stderr}`);
    f.verify2.push(v.ms);
    f.verify2Rss.push(v.rssMB);
    f.ldapsearch2.push(t.ldapsearch(filter2).ms);
    f.nodeFloor1.push(t.nodeFloor(`${PREFIX}01`).ms); // HV01 alone: HV010..HV019 do not exist
    f.stackFloor1.push(t.stackFloor(`${PREFIX}01`).ms);
  }
  // what each dependency costs to import, in a fresh process (the module cache is per process)
  for (const dep of DEPENDENCIES) {
    const code = `const t = performance.now(); await import(${JSON.stringify(dep)}); process.stdout.write(String(performance.now() - t));`;
    const once = () => spawnSync('node', ['--input-type=module', '-e', code], { cwd: ROOT, encoding: 'utf8' });
    const times = Array.from({ length: runs }, () => Number(once().stdout));
    if (times.every(Number.isFinite)) f.imports[dep] = times;
  }
  // which modules a non-interactive verify loads; the control run proves the tracer sees @inquirer
  const trace = (args, env = t.cliEnv) => {
    const file = join(dcDir, `modules-${Math.random().toString(36).slice(2)}.txt`);
    run('node', ['--import', join(BENCH, 'trace-modules.mjs'), ...args], { env: { ...env, KCDMESH_BENCH_MODTRACE: file }, ok: [0, 2] });
    const urls = [...new Set(readFileSync(file, 'utf8').trim().split('\n').map((l) => l.replace(/^\w+ /, '')))];
    const pkgs = {};
    for (const u of urls) {
      const m = /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(u);
      const p = m ? m[1] : u.includes('/dist/') ? 'kcdmesh' : 'other';
      pkgs[p] = (pkgs[p] ?? 0) + 1;
    }
    return { modules: urls.length, packages: pkgs, inquirer: urls.filter((u) => u.includes('/node_modules/@inquirer/')).length };
  };
  f.modules = trace(t.kcdArgs('verify', names));
  f.modulesControl = trace(['--input-type=module', '-e', "await import('@inquirer/prompts')"], process.env);
  return f;
}

const PHASES = [
  ['waiting (idle: DC, network, disk)', '(idle)', 'self'],
  ['garbage collection', '(garbage collector)', 'self'],
  ['socket reads: Node TLS/stream path, incl. ldapts decode (onStreamRead)', 'onStreamRead'],
  ['ldapts: message framing + BER decode (socketDataHandler)', 'socketDataHandler'],
];

/** One extra, untimed run of `kcdmesh CMD` under --cpu-prof: where its time goes. */
function profileRun(t, cmd, names, workDir, extra = []) {
  say(`${names.length ? `N=${names.length}: ` : 'big: '}one kcdmesh ${cmd} under --cpu-prof`);
  const dir = join(workDir, `prof-${cmd}`);
  mkdirSync(dir, { recursive: true });
  run('node', ['--cpu-prof', `--cpu-prof-dir=${dir}`, ...t.kcdArgs(cmd, names, extra)], { env: t.cliEnv, ok: [0, 2] });
  rmSync(t.backups, { recursive: true, force: true });
  const file = readdirSync(dir).find((f) => f.endsWith('.cpuprofile'));
  const profile = JSON.parse(readFileSync(join(dir, file), 'utf8'));
  const s = summarise(profile);
  const incl = (name) => [...s.fnIncl].filter(([k]) => k.startsWith(`${name} `)).reduce((a, [, v]) => a + v, 0) / 1000;
  const self = (name) => (s.pkgSelf.get(name) ?? 0) / 1000;
  return {
    cmd,
    totalMs: s.total / 1000,
    phases: PHASES.map(([phase, fn, kind]) => ({ phase, ms: kind === 'self' ? self(fn) : incl(fn) })),
    // kcdmesh's own functions by inclusive time (the command entry points wrap everything: left out)
    kcdmesh: top(s.fnIncl, s.total, 400)
      .filter((r) => / kcdmesh /.test(` ${r.name}`) && !/^(\(anonymous\)|run|main|withDirectory|verifyCommand|applyCommand|discoverCommand|commitPlan) /.test(r.name))
      .slice(0, 10),
    packages: top(s.pkgSelf, s.total, 10),
    functions: top(s.fnSelf, s.total, 12),
    timeline: timeline(profile, TIMELINE),
  };
}

/** The phases of a run in the order they happen: ldapts reads the replies, kcdmesh makes host records of them, plans, judges (verify), writes (apply). */
const TIMELINE = ['socketDataHandler', 'toHostRecord', 'planReading', 'verdictFromPlan', 'writePlan'];

// ------------------------------------------------------------- plan scaling ---

async function planScaling() {
  say(`computePlan on synthetic meshes of ${PLAN_SIZES.join('/')} hosts (in process)`);
  const { computePlan } = await importSrc('plan', ['core/plan.ts']); // from src/: the bundle exports nothing by name
  const policy = { services: SERVICES, mode: 'kerberos-only', maxValues: 100_000 };
  const mappings = new Map([['cifs', ['host']]]);
  const make = (n, inSync) => {
    const hosts = Array.from({ length: n }, (_, i) => {
      const name = `${PREFIX}${String(i + 1).padStart(2, '0')}`;
      const fqdn = `${name.toLowerCase()}.lab.test`;
      const spns = ['HOST', 'RestrictedKrbHost', SERVICES[1], 'Microsoft Virtual Console Service'].flatMap((s) => [`${s}/${name}`, `${s}/${fqdn}`]);
      return { dn: `CN=${name},CN=Computers,DC=lab,DC=test`, name, fqdn, userAccountControl: 4096, delegateTo: [], servicePrincipalNames: spns };
    });
    // One string per distinct value, as a read from the directory gives them (src/directory/entry.ts,
    // sharedStrings): a string of its own per host and value would measure how the processor's cache
    // holds 4N^2 strings, which no read hands the plan, rather than the plan's work.
    const shared = new Map();
    const share = (v) => shared.get(v) ?? (shared.set(v, v), v);
    if (inSync) for (const h of hosts) h.delegateTo = meshValues(h, hosts).map(share);
    return hosts;
  };
  const rows = [];
  for (const state of ['empty', 'in sync']) {
    computePlan(make(PLAN_SIZES[0], state === 'in sync'), policy, mappings); // warm-up
    for (const n of PLAN_SIZES) {
      const hosts = make(n, state === 'in sync');
      const values = 4 * n * (n - 1);
      const check = computePlan(hosts, policy, mappings);
      const added = check.hosts.reduce((a, h) => a + h.add.length, 0);
      if (added !== (state === 'empty' ? values : 0)) throw new Error(`computePlan(${n}, ${state}) planned ${added} additions`);
      const times = [];
      for (let spent = 0; times.length < 5 && (times.length < 2 || spent < 8000); ) {
        // each run starts with the garbage of the last one collected (node --expose-gc): a collection
        // of it inside a 100 ms run would weigh on whichever size it happened to land in
        globalThis.gc?.();
        times.push(clock(() => computePlan(hosts, policy, mappings)));
        spent += times.at(-1);
      }
      rows.push({ state, n, values, ms: median(times), nsPerValue: (median(times) * 1e6) / values });
    }
  }
  return rows;
}

// ------------------------------------------------------------------- report ---

const s3 = (ms) => `${(ms / 1000).toFixed(3)} s`;
const x = (r) => `${r.toFixed(2)}×`;
const mb = (v) => `${v.toFixed(0)} MB`;
const yes = (b) => (b ? '**met**' : '**MISSED**');
/** A target's status: met, missed, or missed where the required stack alone (the stack floor) already misses it. */
const status = (tg) => (tg.met ? yes(true) : tg.stack && !tg.stack.reachable ? '**cannot be** with commander and ldapts' : yes(false));

/**
 * What the required stack alone costs against a target of `limit` × `reference`, and what is kcdmesh's
 * own: bench/stack-floor.mjs (commander parses the arguments, ldapts binds and runs the same search,
 * nothing else) is the least any program built on them can take, so a target it misses cannot be met
 * by kcdmesh, and kcdmesh minus it is kcdmesh's own code.
 */
function stackShare(stackMs, referenceMs, limit, what, kcdmeshMs) {
  const ratio = stackMs / referenceMs;
  return {
    reachable: ratio <= limit,
    ms: stackMs,
    ownMs: kcdmeshMs - stackMs,
    text: `stack floor ${s3(stackMs)}${limit === 1 ? '' : ` = ${x(ratio)} ${what}`}; kcdmesh's own code and reads: ${s3(kcdmeshMs - stackMs)} (kcdmesh ${x(kcdmeshMs / stackMs)} the stack floor)`,
  };
}
const range = (xs) => `${s3(median(xs))} (${(Math.min(...xs) / 1000).toFixed(3)}–${(Math.max(...xs) / 1000).toFixed(3)})`;
function human(ms) {
  const s = ms / 1000;
  if (s < 120) return `${s.toFixed(0)} s`;
  if (s < 7200) return `${(s / 60).toFixed(0)} min`;
  return `${(s / 3600).toFixed(1)} h`;
}

function machine() {
  const v = (cmd, args) => spawnSync(cmd, args, { encoding: 'utf8' }).stdout?.trim().split('\n')[0] ?? '?';
  return {
    date: new Date().toISOString(),
    cores: os.availableParallelism(),
    cpu: os.cpus()[0]?.model ?? '?',
    memoryGiB: os.totalmem() / 2 ** 30,
    freeHeader: v('sh', ['-c', 'free -m | sed -n 2p']),
    kernel: `${os.type()} ${os.release()}`,
    node: process.version,
    samba: v('samba', ['--version']),
    loadavg: os.loadavg().map((l) => l.toFixed(2)).join(' '),
    cli: relative(ROOT, CLI),
  };
}

function evaluate(results, plan) {
  const big = results.at(-1);
  const small = results[0];
  const fixed = small.fixed;
  const verifyRatio = median(big.verify.kcdmesh) / median(big.verify.floor);
  const applyRatio = median(big.apply.kcdmesh) / median(big.apply.floor);
  // The DC's pace drifts over a run (its database grows with each write and reset, and a run's writes take
  // 1.0-2.5 s by turns): the ratio of two medians mixes runs made minutes apart, so the target is judged on
  // the median of each run's ratio to the floor run beside it (same pair, alternating order).
  const applyPairRatios = big.apply.kcdmesh.map((k, i) => k / big.apply.floor[i]);
  const applyPairMedian = median(applyPairRatios);
  const speedups = results.map((r) => r.script.extrapolatedMs / median(r.apply.kcdmesh));
  const reads = results.map((r) => ({ n: r.n, verify: median(r.verify.searches), apply: median(r.apply.searches), expect: expectedReads(r.n), expectVerify: expectedVerifyReads(r.n) }));
  const readsOk = reads.every((r) => r.verify <= r.expectVerify && r.apply <= 2 * r.expect);
  const writesOk = results.every((r) => r.apply.modifies.every((m) => m === r.n));
  const rssVerify = median(big.verify.rss);
  const rssApply = median(big.apply.rss);
  const verifyNodeRatio = median(big.verify.kcdmesh) / median(big.verify.nodeFloor);
  const verifyStack = median(big.verify.stackFloor);
  // time ∝ values^k, k fitted (least squares on logs) over the sizes from 100 hosts up: 1 is linear
  const lin = ['empty', 'in sync'].map((state) => {
    const pts = plan.filter((p) => p.state === state && p.n >= 100).map((p) => [Math.log(p.values), Math.log(p.ms)]);
    const mx = pts.reduce((a, [u]) => a + u, 0) / pts.length;
    const my = pts.reduce((a, [, v]) => a + v, 0) / pts.length;
    const k = pts.reduce((a, [u, v]) => a + (u - mx) * (v - my), 0) / pts.reduce((a, [u]) => a + (u - mx) ** 2, 0);
    return { state, k };
  });
  return [
    { target: `verify at ${big.n} hosts within ${TARGETS.verifyNodeRatio}× of the node floor`, measured: `${x(verifyNodeRatio)} (${s3(median(big.verify.kcdmesh))} vs ${s3(median(big.verify.nodeFloor))})`, met: verifyNodeRatio <= TARGETS.verifyNodeRatio,
      stack: stackShare(verifyStack, median(big.verify.nodeFloor), TARGETS.verifyNodeRatio, 'the node floor', median(big.verify.kcdmesh)) },
    { target: `verify at ${big.n} hosts within ${TARGETS.verifyRatio}× of the ldapsearch floor`, measured: `${x(verifyRatio)} (${s3(median(big.verify.kcdmesh))} vs ${s3(median(big.verify.floor))})`, met: verifyRatio <= TARGETS.verifyRatio,
      stack: stackShare(verifyStack, median(big.verify.floor), TARGETS.verifyRatio, 'ldapsearch', median(big.verify.kcdmesh)) },
    { target: `apply at ${big.n} hosts within ${TARGETS.applyRatio}× of ldapmodify + ldapsearch (median of each run against the floor run beside it)`, measured: `${x(applyPairMedian)}; run by run ${applyPairRatios.map(x).join(', ')}; the medians: ${x(applyRatio)} (${s3(median(big.apply.kcdmesh))} vs ${s3(median(big.apply.floor))})`, met: applyPairMedian <= TARGETS.applyRatio },
    { target: `fixed cost (verify of 2 hosts) under ${TARGETS.fixedCostMs / 1000} s`, measured: `${s3(median(fixed.verify2))} (node -e '': ${s3(median(fixed.nodeEmpty))}; the node floor reading HV01: ${s3(median(fixed.nodeFloor1))})`, met: median(fixed.verify2) < TARGETS.fixedCostMs,
      stack: stackShare(median(fixed.stackFloor1), TARGETS.fixedCostMs, 1, `${TARGETS.fixedCostMs / 1000} s`, median(fixed.verify2)) },
    { target: '@inquirer not loaded by a non-interactive verify', measured: `${fixed.modules.inquirer} @inquirer modules of ${fixed.modules.modules} loaded (control: the tracer sees ${fixed.modulesControl.inquirer} when imported)`, met: fixed.modules.inquirer === 0 && fixed.modulesControl.inquirer > 0 },
    { target: `at least ${TARGETS.scriptSpeedup}× faster than one samba-tool call per value`, measured: results.map((r, i) => `${r.n}: ${Math.round(speedups[i]).toLocaleString('en')}×`).join(', '), met: speedups.every((s) => s >= TARGETS.scriptSpeedup) },
    { target: `reads = ceil(N/${NAMES_PER_FILTER}) + 1 per read pass (hosts, sPNMappings; apply reads twice), + 1 for verify's read of the domain controllers (its check that no host delegates to a DC)`, measured: reads.map((r) => `${r.n}: verify ${r.verify}/${r.expectVerify}, apply ${r.apply}/${2 * r.expect}`).join('; '), met: readsOk },
    { target: 'writes = one modify per host that changes', measured: results.map((r) => `${r.n}: ${median(r.apply.modifies)}/${r.n}`).join(', '), met: writesOk },
    { target: `peak RSS at ${big.n} hosts: verify ≤ ${TARGETS.rssVerifyMB} MB, apply ≤ ${TARGETS.rssApplyMB} MB`, measured: `verify ${mb(rssVerify)}, apply ${mb(rssApply)}`, met: rssVerify <= TARGETS.rssVerifyMB && rssApply <= TARGETS.rssApplyMB },
    { target: `computePlan linear in values (time ∝ values^k over ${PLAN_SIZES.filter((n) => n >= 100).join('/')} hosts, k ≤ ${TARGETS.planExponent})`, measured: lin.map((l) => `${l.state}: k = ${l.k.toFixed(2)}`).join(', '), met: lin.every((l) => l.k <= TARGETS.planExponent) },
  ];
}

function report(m, results, plan, targets, t, bigDirs) {
  const L = [];
  const big = results.at(-1);
  const fixed = results[0].fixed;
  L.push(`### Run of ${m.date.slice(0, 10)}`, '');
  L.push(`- Date: ${m.date}; machine: ${m.cores} cores (${m.cpu}), ${m.memoryGiB.toFixed(1)} GiB memory (\`free -m\`: \`${m.freeHeader.replace(/\s+/g, ' ')}\`), ${m.kernel}; load average at start ${m.loadavg}`);
  L.push(`- ${m.node}, ${m.samba}; kcdmesh entry point \`${m.cli}\`; lab DC on ${IP} (TLS records of 1 KiB: Samba's)`);
  L.push(`- Runs per size: ${SIZES.map((s) => `${s.n}: ${s.runs}`).join(', ')}; every figure is the median (min–max in brackets), kcdmesh and its floor alternating in each run; wall time of the whole process (our clock), CPU time (user + sys) and peak RSS of the client process from GNU time. CPU time excludes the DC's own work, so it is the steadier measure of what kcdmesh itself costs on a busy machine.`);
  L.push('- Commands (N hosts HV01..HVnn, each created with its Hyper-V SPNs by `samba-dc.sh hosts`):');
  L.push(`  - kcdmesh: \`node ${m.cli} verify|apply HV01 ... HVnn --stats [--yes]\` (default budget: a complete 250-host mesh, 996 values per host, is warned about near the limit and still verifies clean)`);
  L.push(`  - floor read: \`ldapsearch -x -H ldaps://… -E pr=${PAGE_SIZE}/noprompt -LLL -o ldif-wrap=no -b ${'<domain>'} '${t.filterAll}' ${ATTRIBUTES.join(' ')}\` (output to /dev/null)`);
  L.push(`  - floor write: \`ldapmodify -x -H ldaps://… -e ${PERMISSIVE_MODIFY} -f mesh.ldif\` (one modify per host, all its values) then the same ldapsearch; hosts reset by an untimed LDIF that deletes msDS-AllowedToDelegateTo`);
  L.push('  - node floor: `node bench/node-floor.mjs` (TLS, simple bind, the same paged search, every value decoded to a string; no ldapts, no plan, no output)');
  L.push('  - stack floor: `node bench/stack-floor.mjs` (commander parses the arguments; ldapts, as installed with its patches, binds and runs the same paged search, each entry counted as it arrives and dropped (`onEntry`, patch 003); no rootDSE, no plan, no output)');
  L.push(`  - scripted admin: \`samba-tool ${t.sambaToolCommand.join(' ')}\`, once per value; ${SCRIPT_SAMPLE} calls timed, extrapolated to the full value count`);
  L.push('');
  L.push('#### Verify a complete mesh (read)', '');
  L.push('| hosts | values | kcdmesh verify | ldapsearch floor | ratio | node floor | kcdmesh / node floor | stack floor | kcdmesh / stack floor | CPU kcdmesh / ldapsearch / node floor / stack floor | LDAP searches (--stats) | peak RSS kcdmesh / node floor / stack floor |');
  L.push('|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
  for (const r of results) {
    const v = r.verify;
    L.push(`| ${r.n} | ${r.values.toLocaleString('en')} | ${range(v.kcdmesh)} | ${range(v.floor)} | ${x(median(v.kcdmesh) / median(v.floor))} | ${range(v.nodeFloor)} | ${x(median(v.kcdmesh) / median(v.nodeFloor))} | ${range(v.stackFloor)} | ${x(median(v.kcdmesh) / median(v.stackFloor))} | ${s3(median(v.cpu))} / ${s3(median(v.floorCpu))} / ${s3(median(v.nodeFloorCpu))} / ${s3(median(v.stackFloorCpu))} | ${median(v.searches)} (expected ${expectedVerifyReads(r.n)}) | ${mb(median(v.rss))} / ${mb(median(v.nodeFloorRss))} / ${mb(median(v.stackFloorRss))} |`);
  }
  L.push('', '#### Apply from empty (write, then re-read to verify)', '');
  L.push('| hosts | values | kcdmesh apply | ldapmodify + ldapsearch | ratio | of which ldapmodify | CPU kcdmesh / floor | LDAP searches / modifies (--stats) | peak RSS | samba-tool per value (extrapolated) | kcdmesh speed-up |');
  L.push('|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
  for (const r of results) {
    const a = r.apply;
    L.push(`| ${r.n} | ${r.values.toLocaleString('en')} | ${range(a.kcdmesh)} | ${range(a.floor)} | ${x(median(a.kcdmesh) / median(a.floor))} | ${s3(median(a.floorModify))} | ${s3(median(a.cpu))} / ${s3(median(a.floorCpu))} | ${median(a.searches)} / ${median(a.modifies)} (expected ${2 * expectedReads(r.n)} / ${r.n}) | ${mb(median(a.rss))} | ${human(r.script.extrapolatedMs)} (${(r.script.perCallMs / 1000).toFixed(3)} s/call × ${r.values.toLocaleString('en')}) | ${Math.round(r.script.extrapolatedMs / median(a.kcdmesh)).toLocaleString('en')}× |`);
  }
  L.push('', `The samba-tool column is extrapolated: ${SCRIPT_SAMPLE} calls were timed on HV01 (median per call) and multiplied by the mesh's value count.`);
  L.push('', '#### Fixed cost (start-up, module loading, bind)', '');
  L.push('| what | wall time | note |', '|---|---:|---|');
  L.push(`| \`node -e ''\` | ${range(fixed.nodeEmpty)} | Node start-up alone |`);
  L.push(`| \`kcdmesh --version\` | ${range(fixed.version)} | start-up + every static import, no LDAP |`);
  L.push(`| \`kcdmesh verify HV01 HV02\` | ${range(fixed.verify2)} | + TLS, bind, rootDSE, 3 searches sent together (hosts, sPNMappings, DCs); peak RSS ${mb(median(fixed.verify2Rss))} |`);
  L.push(`| \`ldapsearch\` of the same 2 hosts | ${range(fixed.ldapsearch2)} | reference |`);
  L.push(`| node floor reading HV01 (\`bench/node-floor.mjs\`) | ${range(fixed.nodeFloor1)} | Node start-up + TLS, bind, one search; no library, no output |`);
  L.push(`| stack floor reading HV01 (\`bench/stack-floor.mjs\`) | ${range(fixed.stackFloor1)} | the same through commander and ldapts, which kcdmesh must use |`);
  for (const [dep, ms] of Object.entries(fixed.imports).sort((a, b) => median(b[1]) - median(a[1]))) {
    const loaded = fixed.modules.packages[dep] ?? 0;
    L.push(`| \`await import('${dep}')\` | ${(median(ms)).toFixed(1)} ms | in a fresh process; ${loaded ? `**loaded** by a non-interactive verify (${loaded} modules)` : 'not loaded by a non-interactive verify'} |`);
  }
  const pk = Object.entries(fixed.modules.packages).sort((a, b) => b[1] - a[1]).map(([p, c]) => `${p} ${c}`).join(', ');
  L.push('', `Modules loaded by \`kcdmesh verify HV01 HV02\` (non-interactive): ${fixed.modules.modules} — ${pk}. @inquirer modules: ${fixed.modules.inquirer}.`);
  for (const p of big.profiles ?? []) {
    L.push('', `#### Where \`kcdmesh ${p.cmd}\` of ${big.n} hosts spends its time (one run under \`--cpu-prof\`, ${p.totalMs.toFixed(0)} ms sampled)`, '');
    L.push('| phase (inclusive CPU time; rows overlap) | ms |', '|---|---:|');
    for (const ph of p.phases) L.push(`| ${ph.phase} | ${ph.ms.toFixed(0)} |`);
    for (const f of p.kcdmesh) L.push(`| kcdmesh: \`${f.name.replace(/ kcdmesh /, '\` ')} | ${f.ms.toFixed(0)} |`);
    L.push('', `Self time by package: ${p.packages.map((r) => `${r.name} ${r.ms.toFixed(0)} ms`).join(', ')}.`);
    L.push('', `Top functions (self): ${p.functions.slice(0, 8).map((r) => `${r.name} ${r.ms.toFixed(0)} ms`).join('; ')}.`);
    if (p.timeline?.length) L.push('', `When each phase ran (first and last sample with it on the stack, ms from the profile's start, which is shortly after Node's own start-up): ${p.timeline.map((x) => `\`${x.name}\` ${x.first.toFixed(0)}–${x.last.toFixed(0)}`).join(', ')}.`);
  }
  if (big.verify.chunks) L.push('', `The node floor received ${big.verify.bytes.toLocaleString('en')} bytes in ${big.verify.chunks.toLocaleString('en')} socket reads at ${big.n} hosts (Samba sends TLS records of 1 KiB).`);
  if (bigDirs) reportBig(bigDirs, L);
  L.push('', `#### computePlan on synthetic meshes (in process, median of up to 5 runs${globalThis.gc ? ', each after a collection' : ''})`, '');
  L.push('| hosts | values | from empty | ns/value | in sync | ns/value |', '|---:|---:|---:|---:|---:|---:|');
  for (const n of PLAN_SIZES) {
    const e = plan.find((p) => p.n === n && p.state === 'empty');
    const s = plan.find((p) => p.n === n && p.state === 'in sync');
    L.push(`| ${n} | ${e.values.toLocaleString('en')} | ${e.ms.toFixed(1)} ms | ${e.nsPerValue.toFixed(0)} | ${s.ms.toFixed(1)} ms | ${s.nsPerValue.toFixed(0)} |`);
  }
  L.push('', '#### Targets', '');
  L.push('| target | measured | commander + ldapts alone (`bench/stack-floor.mjs`) | |', '|---|---|---|---|');
  for (const tg of targets) L.push(`| ${tg.target} | ${tg.measured} | ${tg.stack?.text ?? ''} | ${status(tg)} |`);
  L.push('', `Bench wall time: ${human(performance.now() - t0)}. Chart: [bench/chart.svg](bench/chart.svg).`);
  return `${L.join('\n')}\n`;
}

/** A small SVG: seconds vs hosts, kcdmesh and its floors, verify and apply side by side. */
function chart(results) {
  const W = 360;
  const H = 240;
  const pad = { l: 48, r: 12, t: 28, b: 36 };
  const panels = [
    { title: 'verify (read a complete mesh)', lines: [['kcdmesh verify', (r) => r.verify.kcdmesh, '#d62728', ''], ['node floor', (r) => r.verify.nodeFloor, '#7f7f7f', '2 3'], ['ldapsearch floor', (r) => r.verify.floor, '#1f77b4', '6 3']] },
    { title: 'apply from empty (write + re-read)', lines: [['kcdmesh apply', (r) => r.apply.kcdmesh, '#d62728', ''], ['ldapmodify + ldapsearch', (r) => r.apply.floor, '#1f77b4', '6 3']] },
  ];
  const maxN = Math.max(...results.map((r) => r.n));
  const parts = [];
  panels.forEach((p, i) => {
    const ox = i * W;
    const maxY = Math.max(...p.lines.flatMap(([, f]) => results.map((r) => median(f(r))))) / 1000;
    const top = Math.ceil(maxY * 5) / 5 || 0.2;
    const X = (n) => ox + pad.l + (n / maxN) * (W - pad.l - pad.r);
    const Y = (s) => pad.t + (1 - s / top) * (H - pad.t - pad.b);
    parts.push(`<text x="${ox + W / 2}" y="16" text-anchor="middle" font-weight="bold">${p.title}</text>`);
    parts.push(`<line x1="${X(0)}" y1="${Y(0)}" x2="${X(maxN)}" y2="${Y(0)}" stroke="#000"/><line x1="${X(0)}" y1="${Y(0)}" x2="${X(0)}" y2="${Y(top)}" stroke="#000"/>`);
    for (let k = 0; k <= 4; k++) {
      const v = (top * k) / 4;
      parts.push(`<line x1="${X(0)}" y1="${Y(v)}" x2="${X(maxN)}" y2="${Y(v)}" stroke="#ddd"/><text x="${X(0) - 4}" y="${Y(v) + 4}" text-anchor="end">${v.toFixed(2)}</text>`);
    }
    for (const r of results) parts.push(`<text x="${X(r.n)}" y="${H - pad.b + 14}" text-anchor="middle">${r.n}</text>`);
    parts.push(`<text x="${ox + W / 2}" y="${H - 6}" text-anchor="middle">hosts (seconds, median)</text>`);
    p.lines.forEach(([label, f, color, dash], j) => {
      const pts = results.map((r) => `${X(r.n).toFixed(1)},${Y(median(f(r)) / 1000).toFixed(1)}`);
      parts.push(`<polyline fill="none" stroke="${color}" stroke-width="2" ${dash ? `stroke-dasharray="${dash}"` : ''} points="${pts.join(' ')}"/>`);
      for (const pt of pts) parts.push(`<circle cx="${pt.split(',')[0]}" cy="${pt.split(',')[1]}" r="2.5" fill="${color}"/>`);
      parts.push(`<line x1="${X(0) + 8}" y1="${pad.t + 6 + j * 14}" x2="${X(0) + 30}" y2="${pad.t + 6 + j * 14}" stroke="${color}" stroke-width="2" ${dash ? `stroke-dasharray="${dash}"` : ''}/><text x="${X(0) + 34}" y="${pad.t + 10 + j * 14}">${label}</text>`);
    });
  });
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${W * panels.length}" height="${H}" font-family="sans-serif" font-size="11">\n<rect width="100%" height="100%" fill="#fff"/>\n${parts.join('\n')}\n</svg>\n`;
}

function updateBenchmarksMd(section) {
  const file = join(ROOT, 'BENCHMARKS.md');
  const begin = '<!-- bench:latest:begin -->';
  const end = '<!-- bench:latest:end -->';
  const text = existsSync(file) ? readFileSync(file, 'utf8') : '';
  const i = text.indexOf(begin);
  const j = text.indexOf(end);
  if (i < 0 || j < i) {
    say('BENCHMARKS.md has no bench:latest markers: paste bench/results-latest.md into it');
    return;
  }
  writeFileSync(file, `${text.slice(0, i + begin.length)}\n${section}${text.slice(j)}`);
  say('BENCHMARKS.md: latest section updated');
}

// --------------------------------------------------------------------- main ---

async function main() {
  preflight();
  const m = machine();
  const dc = startDc();
  const work = join(dcDir, 'work');
  mkdirSync(work);
  const t = tools(dc, work);
  const results = [];
  for (const size of SIZES) results.push(measureSize(dc, t, size, work));
  const big = BIG_RUNS > 0
    ? measureBig({ dc, t, work, say, run, clock, harness: HARNESS, cli: CLI, timedFd: (cmd, args, fd) => timedFd(cmd, args, fd, t.cliEnv), profile: (cmd, extra) => profileRun(t, cmd, [], work, extra) }, { runs: BIG_RUNS })
    : null;
  const plan = await planScaling();
  stopDc();
  const targets = [...evaluate(results, plan), ...(big ? evaluateBig(big, TARGETS, stackShare) : [])];
  const md = report(m, results, plan, targets, t, big);
  process.stdout.write(`\n${md}`);
  if (WRITE) {
    writeFileSync(join(BENCH, 'results-latest.md'), md);
    writeFileSync(join(BENCH, 'results-latest.json'), `${JSON.stringify({ machine: m, sizes: SIZES, results, big, plan, targets }, null, 1)}\n`);
    writeFileSync(join(BENCH, 'chart.svg'), chart(results));
    updateBenchmarksMd(md);
  }
  const cannot = targets.filter((x) => !x.met && x.stack && !x.stack.reachable).length;
  say(`done: ${targets.filter((x) => x.met).length} of ${targets.length} targets met${cannot ? `; ${cannot} missed that commander and ldapts alone miss` : ''}`);
}

main().catch((err) => {
  process.stderr.write(`bench: error: ${err.stack ?? err}\n`);
  process.exitCode = 1;
});
