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
import { performance } from 'node:perf_hooks';

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

/** Plain member computers (no Hyper-V SPN), PC0001..PC<count>: what discover must pass over. */
function plainComputers(dc, count) {
  return Array.from({ length: count }, (_, i) => {
    const name = `PC${String(i + 1).padStart(4, '0')}`;
    return `dn: CN=${name},${dc.SAMBA_DC_COMPUTERS_DN}\nobjectClass: computer\nsAMAccountName: ${name}$\nuserAccountControl: 4096\ndNSHostName: ${name.toLowerCase()}.${dc.SAMBA_DC_DNSDOMAIN}\nservicePrincipalName: HOST/${name}\nservicePrincipalName: HOST/${name.toLowerCase()}.${dc.SAMBA_DC_DNSDOMAIN}\n`;
  }).join('\n');
}

/**
 * Add Hyper-V hosts HV<from>..HV<to> (as `samba-dc.sh hosts` makes them) and `extra` LDIF in one go:
 * `samba-dc.sh bulk-add` stops the DC (by its pid), adds them with ldbadd through Samba's own modules in
 * one transaction, and starts it again. An LDAP add is a transaction of its own whose cost grows with
 * the directory (28 ms of Samba's CPU at 600 computers, 46 ms at 5,000); this costs about 8 ms. Returns ms.
 */
function bulkAdd(ctx, name, from, to, extra = '') {
  const { dc, work, run, harness, clock } = ctx;
  const file = join(work, `${name}.ldif`);
  return clock(() => {
    const hosts = to >= from ? run('bash', [harness, 'hosts-ldif', dc.dir, String(from), String(to)], { capture: true }).stdout : '';
    writeFileSync(file, `${hosts}${extra ? `${extra}\n` : ''}`);
    const { stderr } = run('bash', [harness, 'bulk-add', dc.dir, file]);
    ctx.say(`big: ${/bulk-add: .*/.exec(stderr)?.[0] ?? 'bulk-add done'}`);
  });
}

/** Hyper-V hosts HV01..HVn present (the sizes before made them in order), and those holding a value. */
function hvHosts(ctx, extraFilter = '') {
  const { dc, t, run } = ctx;
  const out = run('ldapsearch', [...t.auth, '-LLL', '-o', 'ldif-wrap=no', '-E', 'pr=500/noprompt', '-b', dc.SAMBA_DC_BASE_DN, `(&(objectClass=computer)(sAMAccountName=HV*)${extraFilter})`, '1.1'], { env: t.ldapEnv, capture: true }).stdout;
  return out.split('\n').filter((l) => l.startsWith('dn: ')).map((l) => l.slice(4));
}

/** Delete msDS-AllowedToDelegateTo of every HV host that holds one (untimed), so that scenarios start from empty. */
function resetValues(ctx) {
  const dns = hvHosts(ctx, '(msDS-AllowedToDelegateTo=*)');
  if (!dns.length) return;
  const file = join(ctx.work, 'reset-big.ldif');
  writeFileSync(file, dns.map((dn) => `dn: ${dn}\nchangetype: modify\ndelete: msDS-AllowedToDelegateTo\n-\n`).join('\n'));
  ctx.t.reset(file);
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
  const { dc, t, work, say } = ctx;
  const out = {};

  const started = performance.now();
  // 1. discover among 5,000 computers, 250 of them Hyper-V hosts (HV01.. exist from the sizes)
  const have = hvHosts(ctx).length;
  const plain = DISCOVER_TOTAL - DISCOVER_HYPERV;
  say(`big: adding ${have < DISCOVER_HYPERV ? `HV${String(have + 1).padStart(2, '0')}..HV${DISCOVER_HYPERV} and ` : ''}${plain} plain computers (PC0001..) for discover (DC stopped meanwhile)`);
  const added = bulkAdd(ctx, 'discover', have + 1, DISCOVER_HYPERV, plainComputers(dc, plain));
  say(`big: added in ${(added / 1000).toFixed(1)} s`);
  const filter = `(&(objectClass=computer)(servicePrincipalName=${MIGRATION}/*))`;
  const seen = t.count(filter);
  if (seen.entries !== DISCOVER_HYPERV) throw new Error(`discover: the filter finds ${seen.entries} computers, expected ${DISCOVER_HYPERV}`);
  say(`big: discover vs ldapsearch, ${runs} runs`);
  const disc = { kcdmesh: [], floor: [], nodeFloor: [], stackFloor: [] };
  // The node floor reads the same entries with no library and no output: what Node itself costs here.
  const nodeSeen = JSON.parse(t.nodeFloor('--migration-spn').stdout);
  if (nodeSeen.entries !== DISCOVER_HYPERV) throw new Error(`discover: the node floor finds ${nodeSeen.entries} computers, expected ${DISCOVER_HYPERV}`);
  for (let r = 0; r < runs; r++) {
    const kinds = ['floor', 'kcdmesh', 'nodeFloor', 'stackFloor'];
    for (let k = 0; k < kinds.length; k++) {
      const which = kinds[(k + r) % kinds.length];
      if (which === 'floor') disc.floor.push(t.ldapsearch(filter));
      else if (which === 'nodeFloor') disc.nodeFloor.push(t.nodeFloor('--migration-spn'));
      else if (which === 'stackFloor') disc.stackFloor.push(t.stackFloor('--migration-spn'));
      else disc.kcdmesh.push(kcdToFile(ctx, ['discover', '--output', 'json'], join(work, 'discover.json')));
    }
  }
  out.discover = {
    computers: DISCOVER_TOTAL, hyperV: DISCOVER_HYPERV, addSeconds: added / 1000, filter,
    kcdmesh: summary(disc.kcdmesh),
    floorMs: median(disc.floor.map((x) => x.ms)),
    nodeFloor: summary(disc.nodeFloor),
    stackFloor: summary(disc.stackFloor),
    runs,
    profile: ctx.profile?.('discover', ['--output', 'json']),
  };

  // 2. 620 hosts, none delegating: verify in every format
  say(`big: ${NO_DELEGATION_HOSTS} hosts with no delegation`);
  // every host the big scenarios name (up to HV1000) at once: verify and plan read only the hosts named,
  // so HV621..HV1000 being there already changes nothing for the 620-host runs
  say(`big: adding HV${DISCOVER_HYPERV + 1}..HV${GROUPS.hosts} (DC stopped meanwhile)`);
  const addedHosts = bulkAdd(ctx, 'hosts', Math.max(DISCOVER_HYPERV, hvHosts(ctx).length) + 1, GROUPS.hosts);
  say(`big: added in ${(addedHosts / 1000).toFixed(1)} s`);
  resetValues(ctx);
  const hosts620 = names(NO_DELEGATION_HOSTS);
  out.noDelegation = { hosts: NO_DELEGATION_HOSTS, addSeconds: addedHosts / 1000, formats: {} };
  for (const format of FORMATS) {
    const report = format === 'html' ? join(work, 'report.html') : null;
    const args = ['verify', ...hosts620, '--quiet', ...(report ? ['--report', report] : ['--output', format])];
    say(`big: verify of ${NO_DELEGATION_HOSTS} hosts, ${format}, ${runs} runs`);
    out.noDelegation.formats[format] = repeat(runs, () => kcdToFile(ctx, args, join(work, `verify-620.${format}`), report));
  }

  // 3. 1,000 hosts in 4 groups of 250: plan and verify from empty, through a config file
  say(`big: ${GROUPS.hosts} hosts in ${GROUPS.groups} migration groups`);
  const all = names(GROUPS.hosts);
  resetValues(ctx);
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
  out.seconds = (performance.now() - started) / 1000;
  return out;
}

const s3 = (ms) => `${(ms / 1000).toFixed(3)} s`;
const size = (b) => (b >= 1 << 20 ? `${(b / (1 << 20)).toFixed(1)} MB` : `${(b / 1024).toFixed(0)} KB`);
const row = (what, r) => `| ${what} | ${r.status.join(', ')} | ${size(r.bytes)} | ${s3(r.ms)} | ${s3(r.cpuMs)} | ${r.rssMB.toFixed(0)} MB |`;

export function reportBig(big, L) {
  const d = big.discover;
  L.push('', `#### Big directories (median of ${d.runs} runs each)`, '');
  L.push(`- discover: ${d.computers.toLocaleString('en')} computers, ${d.hyperV} of them Hyper-V hosts (${(d.computers - d.hyperV).toLocaleString('en')} plain computers, and the Hyper-V hosts the sizes did not make, added in ${d.addSeconds.toFixed(1)} s by \`samba-dc.sh bulk-add\`, DC stop and start included); floor: \`ldapsearch\` with kcdmesh's filter \`${d.filter}\` and the same attributes.`);
  L.push(`- no delegation: \`kcdmesh verify HV01 … HV${big.noDelegation.hosts} --quiet --output FORMAT\` (html: \`--report FILE\`, size = stdout + report) on hosts that hold no value at all.`);
  if (big.noDelegation.addSeconds !== undefined) L.push(`- HV${d.hyperV + 1}..HV${big.groups.hosts} added in ${big.noDelegation.addSeconds.toFixed(1)} s (\`samba-dc.sh bulk-add\`); the whole big-directory part took ${(big.seconds / 60).toFixed(1)} min.`);
  L.push(`- groups: \`kcdmesh plan|verify --config groups.json --quiet --output FORMAT\`, ${big.groups.groups} groups of ${big.groups.hosts / big.groups.groups} hosts, from empty.`);
  L.push('', '| what | exit | output | wall time | CPU | peak RSS |', '|---|---:|---:|---:|---:|---:|');
  L.push(`${row('discover (json)', d.kcdmesh)} |`.replace(/ \|$/, ''));
  L.push(`| ldapsearch, same filter | 0 | | ${s3(d.floorMs)} | | |`);
  if (d.nodeFloor) L.push(`| node floor, same filter (\`bench/node-floor.mjs\`: TLS, bind, the search, values decoded; no library, no output) | 0 | | ${s3(d.nodeFloor.ms)} | ${s3(d.nodeFloor.cpuMs)} | ${d.nodeFloor.rssMB.toFixed(0)} MB |`);
  if (d.stackFloor) L.push(`| stack floor, same filter (\`bench/stack-floor.mjs\`: commander, ldapts's bind and search; no output) | 0 | | ${s3(d.stackFloor.ms)} | ${s3(d.stackFloor.cpuMs)} | ${d.stackFloor.rssMB.toFixed(0)} MB |`);
  for (const [f, r] of Object.entries(big.noDelegation.formats)) L.push(row(`verify ${big.noDelegation.hosts} hosts, no delegation: ${f}`, r));
  for (const [c, r] of Object.entries(big.groups.commands)) L.push(row(`${c.split(' ')[0]} ${big.groups.hosts} hosts in ${big.groups.groups} groups: ${c.split(' ')[1]}`, r));
  const p = d.profile;
  if (p) {
    L.push('', `Where \`kcdmesh discover\` among ${d.computers.toLocaleString('en')} computers spends its time (one more run under \`--cpu-prof\`, ${p.totalMs.toFixed(0)} ms sampled): ${p.phases.map((ph) => `${ph.phase} ${ph.ms.toFixed(0)} ms`).join('; ')}.`);
    L.push('', `Self time by package: ${p.packages.map((r) => `${r.name} ${r.ms.toFixed(0)} ms`).join(', ')}. kcdmesh functions (inclusive): ${p.kcdmesh.slice(0, 6).map((r) => `${r.name} ${r.ms.toFixed(0)} ms`).join('; ')}.`);
  }
}

/** The issue's targets for the big directories. */
export function evaluateBig(big, limits, stackShare) {
  const d = big.discover;
  const ratio = d.kcdmesh.ms / d.floorMs;
  const nd = Object.entries(big.noDelegation.formats);
  const groups = Object.entries(big.groups.commands);
  const json = big.noDelegation.formats.json;
  return [
    { target: `discover among ${d.computers.toLocaleString('en')} computers (${d.hyperV} Hyper-V) within ${limits.discoverRatio}× of ldapsearch`, measured: `${ratio.toFixed(2)}× (${s3(d.kcdmesh.ms)} vs ${s3(d.floorMs)})${d.nodeFloor ? `; the node floor alone: ${(d.nodeFloor.ms / d.floorMs).toFixed(2)}× ldapsearch, kcdmesh ${(d.kcdmesh.ms / d.nodeFloor.ms).toFixed(2)}× the node floor` : ''}`, met: ratio <= limits.discoverRatio,
      stack: d.stackFloor ? stackShare(d.stackFloor.ms, d.floorMs, limits.discoverRatio, 'ldapsearch', d.kcdmesh.ms) : undefined },
    { target: `verify of ${big.noDelegation.hosts} hosts with no delegation finishes in every format with exit 2`, measured: nd.map(([f, r]) => `${f}: exit ${r.status.join('/')}`).join(', '), met: nd.every(([, r]) => r.status.length === 1 && r.status[0] === 2) },
    { target: `… with output of at most ${limits.bigOutputMB} MB (JSON: "a few MB")`, measured: nd.map(([f, r]) => `${f} ${size(r.bytes)}`).join(', '), met: nd.every(([, r]) => r.bytes <= limits.bigOutputMB * (1 << 20)) },
    { target: `plan and verify of ${big.groups.hosts} hosts in ${big.groups.groups} groups finish, peak RSS under ${limits.bigRssMB} MB`, measured: groups.map(([c, r]) => `${c}: exit ${r.status.join('/')}, ${r.rssMB.toFixed(0)} MB`).join('; '), met: groups.every(([c, r]) => r.status.every((s) => s === 2) && r.rssMB < limits.bigRssMB) && json.status[0] === 2 },
  ];
}
