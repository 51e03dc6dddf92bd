import { isDelegatesToNone } from '../core/findings.js';
import type { Finding } from '../core/types.js';
import type { Verdict } from '../core/verdict.js';
import { groupFindings } from './finding-groups.js';
import { fixFor } from './fixes.js';
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

/** The check a finding fails: its pair and service, or its host and kind (and service, for target SPNs). */
function keyOf(f: Finding): string {
  if (isDelegatesToNone(f)) return `none\u0000${f.host}`;
  if (f.kind === 'missing-delegation') return `pair\u0000${f.host}\u0000${f.peer ?? ''}\u0000${(f.service ?? '').toLowerCase()}`;
  if (f.kind === 'target-spn-missing') return `spn\u0000${f.host}\u0000${(f.service ?? '').toLowerCase()}`;
  return `${f.kind}\u0000${f.host}`;
}

/** Every check verify makes, as a statement that holds when it passes; findings only decide which fail. */
function suites(v: Verdict): Suite[] {
  // A host that delegates to none of its peers is one failed check, not one per pair and service
  const none = new Set(v.findings.filter(isDelegatesToNone).map((f) => f.host));
  const delegation: TestCase[] = [];
  for (const p of v.pairs) {
    if (none.has(p.from)) continue;
    for (const s of p.services) {
      delegation.push({
        key: keyOf({ kind: 'missing-delegation', severity: 'error', host: p.from, peer: p.to, service: s, message: '' }),
        classname: `${DELEGATION}.${p.from}`,
        name: `${p.from} delegates ${s} to ${p.to}`,
      });
    }
  }
  for (const host of none) delegation.push({ key: `none\u0000${host}`, classname: `${DELEGATION}.${host}`, name: `${host} delegates to its peers` });
  const hosts = v.hosts.flatMap(({ name }): TestCase[] => {
    const c = (key: string, text: string): TestCase => ({ key, classname: `${HOSTS}.${name}`, name: `${name} ${text}` });
    return [
      c(`mode-mismatch\u0000${name}`, `is in ${v.mode} mode`),
      c(`unconstrained-delegation\u0000${name}`, 'is not trusted for unconstrained delegation'),
      c(`account-disabled\u0000${name}`, 'has an enabled computer account'),
      c(`value-budget\u0000${name}`, 'is within the delegation value limit'),
      ...v.services.map((s) => c(keyOf({ kind: 'target-spn-missing', severity: 'warning', host: name, service: s, message: '' }), `registers ${s}`)),
    ];
  });
  return [{ name: DELEGATION, cases: delegation }, { name: HOSTS, cases: hosts }];
}

function failure(findings: readonly Finding[], v: Verdict): string {
  const groups = groupFindings(findings);
  const first = findings[0];
  const message = first.kind === 'missing-delegation' && first.peer && first.service
    ? `${first.host} cannot delegate ${first.service} to ${first.peer}: missing ${findings.map((f) => f.value).join(', ')}`
    : findings.map((f) => f.message).join('; ');
  const body = groups.map((g) => `${g.severity}: ${g.message}\nfix: ${fixFor(g, v.mode)}`).join('\n');
  return `<failure message="${xmlAttr(message)}" type="${xmlAttr(first.kind)}">${xmlText(body)}</failure>`;
}

function suiteXml(suite: Suite, failed: Map<string, Finding[]>, v: Verdict): string[] {
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
 * verify as JUnit XML, which CI dashboards read: one testcase per directed pair and service, and per
 * host for its flags and target SPNs. A finding no check owns gets a testcase of its own, so none is lost.
 */
export function renderJunit(v: Verdict): string {
  const all = suites(v);
  const known = new Set(all.flatMap((s) => s.cases.map((c) => c.key)));
  const failed = new Map<string, Finding[]>();
  const other: TestCase[] = [];
  for (const f of v.findings) {
    const key = known.has(keyOf(f)) ? keyOf(f) : `other\u0000${other.length}`;
    if (!known.has(key)) other.push({ key, classname: `kcdmesh.other.${f.host}`, name: `${f.host}: ${f.kind}` });
    const list = failed.get(key);
    if (list) list.push(f);
    else failed.set(key, [f]);
    known.add(key);
  }
  if (other.length) all.push({ name: 'kcdmesh.other', cases: other });
  const tests = all.reduce((n, s) => n + s.cases.length, 0);
  const lines = ['<?xml version="1.0" encoding="UTF-8"?>', `<testsuites name="kcdmesh verify" tests="${tests}" failures="${failed.size}" errors="0">`];
  for (const s of all) for (const l of suiteXml(s, failed, v)) lines.push(l);
  lines.push('</testsuites>', '');
  return lines.join('\n');
}
