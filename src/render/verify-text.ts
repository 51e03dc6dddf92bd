import type { Finding } from '../core/types.js';
import type { Verdict } from '../core/verdict.js';
import { findingLine, modeLines } from './plan-text.js';
import type { Style } from './style.js';

/** Up to this many hosts the trust matrix is drawn; beyond, only the incomplete pairs are listed. */
const MATRIX_MAX = 16;

function matrix(v: Verdict, style: Style): string[] {
  const names = v.hosts.map((h) => h.name);
  const width = Math.max(4, ...names.map((n) => n.length));
  const cell = (from: string, to: string): string => {
    if (from === to) return style.dim('-'.padEnd(width));
    const p = v.pairs.find((x) => x.from === from && x.to === to);
    if (!p) return style.dim('·'.padEnd(width)); // not meant to delegate (another group, or storage)
    if (p.missing === 0) return style.add('ok'.padEnd(width));
    const text = p.missing === p.expected ? 'none' : `${p.expected - p.missing}/${p.expected}`;
    return style.remove(text.padEnd(width));
  };
  return [
    'Trust (row delegates to column):',
    `  ${''.padEnd(width)}  ${names.map((n) => n.padEnd(width)).join('  ')}`.trimEnd(),
    ...names.map((from) => `  ${from.padEnd(width)}  ${names.map((to) => cell(from, to)).join('  ')}`.trimEnd()),
  ];
}

/** Missing values read best per pair: one line naming the peer and every value it lacks. */
function findingLines(findings: readonly Finding[], style: Style): string[] {
  const lines: string[] = [];
  const pairs = new Map<string, string[]>();
  for (const f of findings) {
    if (f.kind !== 'missing-delegation') continue;
    const key = `${f.host} cannot delegate to ${f.peer ?? '?'}`;
    if (!pairs.has(key)) lines.push(key);
    pairs.set(key, [...(pairs.get(key) ?? []), f.value ?? '']);
  }
  const out = lines.map((key) => `${style.remove('error')}: ${key}: missing ${pairs.get(key)!.join(', ')}`);
  return [...out, ...findings.filter((f) => f.kind !== 'missing-delegation').map((f) => findingLine(f, style))];
}

export function verifySummary(v: Verdict): string {
  const complete = v.pairs.filter((p) => p.missing === 0).length;
  if (v.ok) {
    return `Verified: ${v.hosts.length} hosts, ${v.pairs.length} directed pairs, every pair trusted both ways (${v.mode}).`;
  }
  return `Findings: ${v.findings.length}; ${complete} of ${v.pairs.length} directed pairs complete.`;
}

export function renderVerifyText(v: Verdict, style: Style): string {
  const lines = [...modeLines(v, style), ''];
  if (v.hosts.length <= MATRIX_MAX) lines.push(...matrix(v, style), '');
  else {
    const incomplete = v.pairs.filter((p) => p.missing > 0);
    if (incomplete.length) lines.push('Incomplete pairs:', ...incomplete.map((p) => `  ${p.from} -> ${p.to}: ${p.expected - p.missing}/${p.expected}`), '');
  }
  if (v.findings.length) lines.push(...findingLines(v.findings, style), '');
  lines.push(style.bold(verifySummary(v)));
  return `${lines.join('\n')}\n`;
}
