#!/usr/bin/env node
// bench/sealed.mjs - the cost of Kerberos sealing: verify and apply of an N-host mesh over sealed LDAP
// (--auth kerberos, ldap://) beside a simple bind over LDAPS, against a running lab DC.
//
// Usage: node bench/sealed.mjs LAB_DIR [N=250] [RUNS=3]
//   LAB_DIR: a DC started with `bash test/lab/samba-dc.sh start LAB_DIR IP` (its dc.json and krb5.conf are used).
// Each apply is undone by its rollback (untimed) so every run writes the whole mesh again. The transports
// alternate run by run; the figures are medians, and each run's ratio of sealed to LDAPS is printed too.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const [labDir, nArg = '250', runsArg = '3'] = process.argv.slice(2);
if (!labDir) { process.stderr.write('usage: node bench/sealed.mjs LAB_DIR [N] [RUNS]\n'); process.exit(2); }
const N = Number(nArg);
const RUNS = Number(runsArg);
const dc = JSON.parse(readFileSync(join(labDir, 'dc.json'), 'utf8'));
const work = mkdtempSync(join(tmpdir(), 'kcdmesh-sealed-'));
const cc = `FILE:${join(work, 'admin.cc')}`;
const krbEnv = { PATH: process.env.PATH, KRB5_CONFIG: join(labDir, 'krb5.conf'), KRB5CCNAME: cc };
execFileSync('bash', [join(ROOT, 'test/lab/samba-dc.sh'), 'hosts', labDir, String(N)], { stdio: ['ignore', 'ignore', 'inherit'] });
execFileSync('kinit', [dc.SAMBA_DC_BIND_UPN], { input: `${dc.SAMBA_DC_PASSWORD}\n`, env: krbEnv, stdio: ['pipe', 'ignore', 'inherit'] });

const hosts = Array.from({ length: N }, (_, i) => `HV${String(i + 1).padStart(2, '0')}`);
const variants = {
  'sealed ldap:// (kerberos)': { args: ['--url', dc.SAMBA_DC_URL_PLAIN, '--auth', 'kerberos'], env: krbEnv },
  'ldaps:// (simple bind)': { args: ['--url', dc.SAMBA_DC_URL], env: { PATH: process.env.PATH, KCDMESH_USER: dc.SAMBA_DC_BIND_UPN, KCDMESH_PASSWORD: dc.SAMBA_DC_PASSWORD, KCDMESH_CA_FILE: dc.SAMBA_DC_CA } },
};
const cli = (args, env, ok) => {
  const t = process.hrtime.bigint();
  const r = spawnSync(process.execPath, [join(ROOT, 'dist/cli.js'), ...args], { env: { ...env, KCDMESH_BACKUP_DIR: join(work, 'backups') }, encoding: 'utf8', maxBuffer: 1 << 28 });
  const ms = Number(process.hrtime.bigint() - t) / 1e6;
  if (!ok.includes(r.status)) throw new Error(`kcdmesh ${args.slice(0, 2).join(' ')} exited ${r.status}: ${r.stderr.slice(-400)}`);
  return { ms, r };
};
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const budget = ['--max-values', '2000'];

// Run by run, the two transports one after the other (which goes first alternates): the DC's pace drifts
// over a run of minutes, and a ratio of runs made side by side is what can be compared.
const names = Object.keys(variants);
const times = Object.fromEntries(names.map((n) => [n, { verify: [], apply: [] }]));
for (let i = 0; i < RUNS; i++) {
  for (const name of i % 2 === 0 ? names : [...names].reverse()) {
    const v = variants[name];
    const a = cli(['apply', ...hosts, ...v.args, ...budget, '--yes'], v.env, [0]);
    times[name].apply.push(a.ms);
    times[name].verify.push(cli(['verify', ...hosts, ...v.args, ...budget], v.env, [0, 2]).ms);
    const backup = /kcdmesh: backup: (\S+)/.exec(a.r.stderr)[1];
    cli(['rollback', backup, ...v.args, '--yes'], v.env, [0]);
  }
}
const s2 = (ms) => `${(ms / 1000).toFixed(2)} s`;
const rows = names.map((n) => `| ${n} | ${N} | ${s2(median(times[n].verify))} | ${s2(median(times[n].apply))} |`);
const [sealed, plain] = names.map((n) => times[n]);
const ratios = (k) => sealed[k].map((ms, i) => ms / plain[k][i]);
const x = (r) => `${r.toFixed(2)}x`;
process.stdout.write(`| transport | hosts | verify (median of ${RUNS}) | apply (median of ${RUNS}) |\n|---|---|---|---|\n${rows.join('\n')}\n`);
process.stdout.write(`\nsealed / LDAPS, run by run: verify ${ratios('verify').map(x).join(', ')} (median ${x(median(ratios('verify')))}); apply ${ratios('apply').map(x).join(', ')} (median ${x(median(ratios('apply')))})\n`);
