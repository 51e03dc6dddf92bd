// bench/big.mjs - the big-directory scenarios of the benchmark (issue 13), run by bench/run.mjs after
// the per-size measurements, on the same lab DC:
//   1. discover in a directory of 5,000 computers of which 250 are Hyper-V hosts, vs ldapsearch with
//      kcdmesh's discovery filter and attributes;
//   2. verify of 620 hosts with no delegation at all, in every format (text, json, junit, markdown, and
//      text with --report): exit code, output size, time, peak RSS;
//   3. 1,000 hosts in 4 migration groups of 250 (a config file): plan and verify from empty.
// Each is run `runs` times (median); outputs go to files in the bench's temp dir, never to memory.
import { closeSync, openSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const MIGRATION = 'Microsoft Virtual System Migration Service';
export const DISCOVER_TOTAL = 5000;
export const DISCOVER_HYPERV = 250;
export const NO_DELEGATION_HOSTS = 620;
export const GROUPS = { hosts: 1000, groups: 4 };
export const FORMATS = ['text', 'json', 'junit', 'markdown', 'html'];

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const names = (n, prefix = 'HV') => Array.from({ length: n }, (_, i) => `${prefix}${String(i + 1).padStart(2, '0')}`);

/** Plain member computers (no Hyper-V SPN), PC0001.., enough to bring the directory to `total` computers. */
function plainComputers(dc, work, count) {
  const ldif = Array.from({ length: count }, (_, i) => {
    const name = `PC${String(i + 1).padStart(4, '0')}`;
    return `dn: CN=${name},${dc.SAMBA_DC_COMPUTERS_DN}\nobjectClass: computer\nsAMAccountName: ${name}$\nuserAccountControl: 4096\ndNSHostName: ${name.toLowerCase()}.${dc.SAMBA_DC_DNSDOMAIN}\nservicePrincipalName: HOST/${name}\n`;
  }).join('\n');
  const file = join(work, 'plain-computers.ldif');
  writeFileSync(file, ldif);
  return file;
}

/**
 * Run `node CLI args` under GNU time with stdout to a file: wall time, CPU, peak RSS, exit code and the
 * size of what it wrote (stdout, and the --report file when there is one).
 */
function kcdToFile(ctx, args, outFile, reportFile) {
  const fd = openSync(outFile, 'w');
  try {
    const r = ctx.timedFd('node', [ctx.cli, ...args], fd);
    const bytes = statSync(outFile).size + (reportFile ? statSync(reportFile).size : 0);
    return { ...r, bytes };
  } finally {
    closeSync(fd);
  }
}

function repeat(runs, fn) {
  return summary(Array.from({ length: runs }, fn));
}

function summary(all) {
  const runs = all.length;
  const status = [...new Set(all.map((r) => r.status))];
  return { ms: median(all.map((r) => r.ms)), cpuMs: median(all.map((r) => r.cpuMs)), rssMB: median(all.map((r) => r.rssMB)), bytes: median(all.map((r) => r.bytes ?? 0)), status, stderr: all.at(-1).stderr, runs };
}

export function measureBig(ctx, { runs }) {
  const { dc, t, work, say, run, harness } = ctx;
  const out = {};

  // 1. discover among 5,000 computers, 250 of them Hyper-V hosts (HV01..HV250 exist from the sizes)
  run('bash', [harness, 'hosts', dc.dir, String(DISCOVER_HYPERV)]);
  const plain = DISCOVER_TOTAL - DISCOVER_HYPERV;
  say(`big: adding ${plain} plain computers (PC0001..) for discover`);
  const added = ctx.clock(() => run('ldapadd', [...t.auth, '-c', '-f', plainComputers(dc, work, plain)], { env: t.ldapEnv, ok: [0, 68] }));
  const filter = `(&(objectClass=computer)(servicePrincipalName=${MIGRATION}/*))`;
  const seen = t.count(filter);
  if (seen.entries !== DISCOVER_HYPERV) throw new Error(`discover: the filter finds ${seen.entries} computers, expected ${DISCOVER_HYPERV}`);
  say(`big: discover vs ldapsearch, ${runs} runs`);
  const disc = { kcdmesh: [], floor: [] };
  for (let r = 0; r < runs; r++) {
    const order = r % 2 ? ['floor', 'kcdmesh'] : ['kcdmesh', 'floor'];
    for (const which of order) {
      if (which === 'floor') disc.floor.push(t.ldapsearch(filter));
      else disc.kcdmesh.push(kcdToFile(ctx, ['discover', '--output', 'json'], join(work, 'discover.json')));
    }
  }
  out.discover = {
    computers: DISCOVER_TOTAL, hyperV: DISCOVER_HYPERV, addSeconds: added / 1000, filter,
    kcdmesh: summary(disc.kcdmesh),
    floorMs: median(disc.floor.map((x) => x.ms)),
    runs,
  };

  // 2. 620 hosts, none delegating: verify in every format
  say(`big: ${NO_DELEGATION_HOSTS} hosts with no delegation`);
  run('bash', [harness, 'hosts', dc.dir, String(NO_DELEGATION_HOSTS)]);
  const hosts620 = names(NO_DELEGATION_HOSTS);
  const reset = join(work, 'reset-big.ldif');
  writeFileSync(reset, names(GROUPS.hosts).map((h) => `dn: CN=${h},${dc.SAMBA_DC_COMPUTERS_DN}\nchangetype: modify\ndelete: msDS-AllowedToDelegateTo\n-\n`).slice(0, NO_DELEGATION_HOSTS).join('\n'));
  t.reset(reset);
  out.noDelegation = { hosts: NO_DELEGATION_HOSTS, formats: {} };
  for (const format of FORMATS) {
    const report = format === 'html' ? join(work, 'report.html') : null;
    const args = ['verify', ...hosts620, '--quiet', ...(report ? ['--report', report] : ['--output', format])];
    say(`big: verify of ${NO_DELEGATION_HOSTS} hosts, ${format}, ${runs} runs`);
    out.noDelegation.formats[format] = repeat(runs, () => kcdToFile(ctx, args, join(work, `verify-620.${format}`), report));
  }

  // 3. 1,000 hosts in 4 groups of 250: plan and verify from empty, through a config file
  say(`big: ${GROUPS.hosts} hosts in ${GROUPS.groups} migration groups`);
  run('bash', [harness, 'hosts', dc.dir, String(GROUPS.hosts)]);
  const all = names(GROUPS.hosts);
  writeFileSync(reset, all.map((h) => `dn: CN=${h},${dc.SAMBA_DC_COMPUTERS_DN}\nchangetype: modify\ndelete: msDS-AllowedToDelegateTo\n-\n`).join('\n'));
  t.reset(reset);
  const size = GROUPS.hosts / GROUPS.groups;
  const config = join(work, 'groups.json');
  writeFileSync(config, JSON.stringify({ groups: Array.from({ length: GROUPS.groups }, (_, g) => ({ name: `rack-${g + 1}`, hosts: all.slice(g * size, (g + 1) * size) })) }));
  out.groups = { hosts: GROUPS.hosts, groups: GROUPS.groups, commands: {} };
  for (const cmd of ['plan', 'verify']) {
    for (const format of ['text', 'json']) {
      say(`big: ${cmd} --config (${GROUPS.hosts} hosts), ${format}, ${runs} runs`);
      out.groups.commands[`${cmd} ${format}`] = repeat(runs, () => kcdToFile(ctx, [cmd, '--config', config, '--quiet', '--output', format], join(work, `${cmd}-1000.${format}`)));
    }
  }
  return out;
}

const s3 = (ms) => `${(ms / 1000).toFixed(3)} s`;
const size = (b) => (b >= 1 << 20 ? `${(b / (1 << 20)).toFixed(1)} MB` : `${(b / 1024).toFixed(0)} KB`);
const row = (what, r) => `| ${what} | ${r.status.join(', ')} | ${size(r.bytes)} | ${s3(r.ms)} | ${s3(r.cpuMs)} | ${r.rssMB.toFixed(0)} MB |`;

export function reportBig(big, L) {
  const d = big.discover;
  L.push('', `#### Big directories (median of ${d.runs} runs each)`, '');
  L.push(`- discover: ${d.computers.toLocaleString('en')} computers, ${d.hyperV} of them Hyper-V hosts (${(d.computers - d.hyperV).toLocaleString('en')} plain computers added in ${d.addSeconds.toFixed(0)} s); floor: \`ldapsearch\` with kcdmesh's filter \`${d.filter}\` and the same attributes.`);
  L.push(`- no delegation: \`kcdmesh verify HV01 … HV${big.noDelegation.hosts} --quiet --output FORMAT\` (html: \`--report FILE\`, size = stdout + report) on hosts that hold no value at all.`);
  L.push(`- groups: \`kcdmesh plan|verify --config groups.json --quiet --output FORMAT\`, ${big.groups.groups} groups of ${big.groups.hosts / big.groups.groups} hosts, from empty.`);
  L.push('', '| what | exit | output | wall time | CPU | peak RSS |', '|---|---:|---:|---:|---:|---:|');
  L.push(`${row('discover (json)', d.kcdmesh)} |`.replace(/ \|$/, ''));
  L.push(`| ldapsearch, same filter | 0 | | ${s3(d.floorMs)} | | |`);
  for (const [f, r] of Object.entries(big.noDelegation.formats)) L.push(row(`verify ${big.noDelegation.hosts} hosts, no delegation: ${f}`, r));
  for (const [c, r] of Object.entries(big.groups.commands)) L.push(row(`${c.split(' ')[0]} ${big.groups.hosts} hosts in ${big.groups.groups} groups: ${c.split(' ')[1]}`, r));
}

/** The targets for the big directories. */
export function evaluateBig(big, limits) {
  const d = big.discover;
  const ratio = d.kcdmesh.ms / d.floorMs;
  const nd = Object.entries(big.noDelegation.formats);
  const groups = Object.entries(big.groups.commands);
  const json = big.noDelegation.formats.json;
  return [
    { target: `discover among ${d.computers.toLocaleString('en')} computers (${d.hyperV} Hyper-V) within ${limits.discoverRatio}× of ldapsearch`, measured: `${ratio.toFixed(2)}× (${s3(d.kcdmesh.ms)} vs ${s3(d.floorMs)})`, met: ratio <= limits.discoverRatio },
    { target: `verify of ${big.noDelegation.hosts} hosts with no delegation finishes in every format with exit 2`, measured: nd.map(([f, r]) => `${f}: exit ${r.status.join('/')}`).join(', '), met: nd.every(([, r]) => r.status.length === 1 && r.status[0] === 2) },
    { target: `… with output of at most ${limits.bigOutputMB} MB (JSON: "a few MB")`, measured: nd.map(([f, r]) => `${f} ${size(r.bytes)}`).join(', '), met: nd.every(([, r]) => r.bytes <= limits.bigOutputMB * (1 << 20)) },
    { target: `plan and verify of ${big.groups.hosts} hosts in ${big.groups.groups} groups finish, peak RSS under ${limits.bigRssMB} MB`, measured: groups.map(([c, r]) => `${c}: exit ${r.status.join('/')}, ${r.rssMB.toFixed(0)} MB`).join('; '), met: groups.every(([c, r]) => r.status.every((s) => s === 2) && r.rssMB < limits.bigRssMB) && json.status[0] === 2 },
  ];
}
