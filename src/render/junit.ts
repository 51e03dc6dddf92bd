import { serviceKey } from '../core/keys.js';
import type { Finding } from '../core/types.js';
import type { Verdict } from '../core/verdict.js';
import { append } from './lines.js';
import { findingSentence, fixFor } from './sentences.js';
import { xmlAttr, xmlText } from './xml.js';

interface TestCase {
  key: string;
  classname: string;
  name: string;
}

interface Suite {
  name: string;
  cases: TestCase[];
}

const DELEGATION = 'kcdmesh.delegation';
const HOSTS = 'kcdmesh.hosts';

/** Findings about all of a host's peers at once: the host's delegation is one check, not one per pair. */
const HOST_LEVEL = new Set<string>(['delegates-to-none', 'missing-for-every-peer']);

/** The check a finding fails: its pair, or its host and kind (and service, for target SPNs). Unique per finding. */
function keyOf(f: Pick<Finding, 'kind' | 'host' | 'peer' | 'service'>): string {
  if (f.kind === 'missing-delegation') return `pair\u0000${f.host}\u0000${f.peer ?? ''}`;
  if (f.kind === 'target-spn-missing') return `spn\u0000${f.host}\u0000${serviceKey(f.service ?? '')}`;
  if (HOST_LEVEL.has(f.kind)) return `peers\u0000${f.host}`;
  return `${f.kind}\u0000${f.host}`;
}

/**
 * Every check verify makes, as a statement that holds when it passes; findings only decide which fail.
 * Each delegating host is one check for its peers, plus a check per pair that lacks something beyond a
 * finding about all of its peers: a complete mesh of N hosts is N checks here, not N^2.
 */
function suites(v: Verdict): Suite[] {
  const pairFindings = new Set(v.findings.filter((f) => f.kind === 'missing-delegation').map(keyOf));
  const delegation: TestCase[] = [];
  const delegating = new Set<string>();
  for (const e of v.trust.edges) {
    if (!delegating.has(e.from)) {
      delegating.add(e.from);
      delegation.push({ key: `peers\u0000${e.from}`, classname: `${DELEGATION}.${e.from}`, name: `${e.from} delegates to its peers` });
    }
    const key = keyOf({ kind: 'missing-delegation', host: e.from, peer: e.to });
    if (pairFindings.has(key)) delegation.push({ key, classname: `${DELEGATION}.${e.from}`, name: `${e.from} delegates to ${e.to}` });
  }
  const hosts = v.hosts.flatMap(({ name }): TestCase[] => {
    const c = (key: string, text: string): TestCase => ({ key, classname: `${HOSTS}.${name}`, name: `${name} ${text}` });
    return [
      c(`mode-mismatch\u0000${name}`, v.modeEnforced ? `is in ${v.mode} mode` : 'is in the same mode as the mesh'),
      c(`unconstrained-delegation\u0000${name}`, 'is not trusted for unconstrained delegation'),
      c(`account-disabled\u0000${name}`, 'has an enabled computer account'),
      c(`value-budget\u0000${name}`, 'is within the delegation value limit'),
      ...v.services.map((s) => c(keyOf({ kind: 'target-spn-missing', host: name, service: s }), `registers ${s}`)),
    ];
  });
  return [{ name: DELEGATION, cases: delegation }, { name: HOSTS, cases: hosts }];
}

function failure(f: Finding, v: Verdict): string {
  const text = findingSentence(f);
  return `<failure message="${xmlAttr(text)}" type="${xmlAttr(f.kind)}">${xmlText(`${f.severity}: ${text}\nfix: ${fixFor(f, v.mode)}`)}</failure>`;
}

function suiteXml(suite: Suite, failed: Map<string, Finding>, v: Verdict): string[] {
  const failures = suite.cases.filter((c) => failed.has(c.key)).length;
  const lines = [`  <testsuite name="${xmlAttr(suite.name)}" tests="${suite.cases.length}" failures="${failures}" errors="0" skipped="0">`];
  for (const c of suite.cases) {
    const open = `    <testcase classname="${xmlAttr(c.classname)}" name="${xmlAttr(c.name)}"`;
    const found = failed.get(c.key);
    lines.push(found ? `${open}>${failure(found, v)}</testcase>` : `${open}/>`);
  }
  lines.push('  </testsuite>');
  return lines;
}

/**
 * verify as JUnit XML, which CI dashboards read: one testcase per host for its peers and one per pair that
 * lacks something, and per host for its flags and target SPNs. Each finding fails exactly one testcase (one no check owns gets its own, most severe
 * first), so failures equals verify's one count.
 */
export function renderJunit(v: Verdict): string {
  const all = suites(v);
  const known = new Set(all.flatMap((s) => s.cases.map((c) => c.key)));
  const failed = new Map<string, Finding>();
  const other: TestCase[] = [];
  const names = new Set<string>();
  for (const f of v.findings) {
    let key = keyOf(f);
    if (!known.has(key) || failed.has(key)) {
      key = `other\u0000${other.length}`;
      // Named by what the finding is about (a value, a peer): dashboards tell testcases apart by name.
      const detail = f.value ?? f.peer ?? f.service;
      const about = `${f.host}: ${f.kind}${detail ? ` ${detail}` : ''}`;
      let name = about;
      for (let n = 2; names.has(name); n++) name = `${about} (${n})`;
      names.add(name);
      other.push({ key, classname: `kcdmesh.other.${f.host}`, name });
    }
    failed.set(key, f);
  }
  if (other.length) all.push({ name: 'kcdmesh.other', cases: other });
  const tests = all.reduce((n, s) => n + s.cases.length, 0);
  const lines = ['<?xml version="1.0" encoding="UTF-8"?>', `<testsuites name="kcdmesh verify" tests="${tests}" failures="${failed.size}" errors="0">`];
  for (const s of all) append(lines, suiteXml(s, failed, v));
  lines.push('</testsuites>', '');
  return lines.join('\n');
}
