import type { PairStatus } from '../core/matrix.js';
import type { Finding } from '../core/types.js';
import type { Verdict } from '../core/verdict.js';
import { perPair } from './finding-groups.js';
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
function findingLines(findings: readonly Finding[], style: Style, out: string[]): void {
  const pairs = new Map<string, string[]>();
  for (const f of findings) {
    if (!perPair(f)) continue;
    const key = `${f.host} cannot delegate to ${f.peer ?? '?'}`;
    const values = pairs.get(key);
    if (values) values.push(f.value ?? '');
    else pairs.set(key, [f.value ?? '']);
  }
  for (const [key, values] of pairs) out.push(`${style.remove('error')}: ${key}: missing ${values.join(', ')}`);
  for (const f of findings) if (!perPair(f)) out.push(findingLine(f, style));
}

/** Beyond the matrix: the incomplete pairs, one line per host when it lacks every value of every pair. */
function incompleteLines(v: Verdict, out: string[]): void {
  const byFrom = new Map<string, PairStatus[]>();
  for (const p of v.pairs) {
    const list = byFrom.get(p.from);
    if (list) list.push(p);
    else byFrom.set(p.from, [p]);
  }
  const lines: string[] = [];
  for (const [from, pairs] of byFrom) {
    const incomplete = pairs.filter((p) => p.missing > 0);
    if (pairs.length > 1 && incomplete.length === pairs.length && pairs.every((p) => p.missing >= p.expected)) {
      lines.push(`  ${from} -> none of its ${pairs.length} peers`);
      continue;
    }
    for (const p of incomplete) lines.push(`  ${p.from} -> ${p.to}: ${p.expected - p.missing}/${p.expected}`);
  }
  if (lines.length === 0) return;
  out.push('Incomplete pairs:');
  for (const l of lines) out.push(l);
  out.push('');
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
  else incompleteLines(v, lines);
  if (v.findings.length) {
    findingLines(v.findings, style, lines);
    lines.push('');
  }
  lines.push(style.bold(verifySummary(v)));
  return `${lines.join('\n')}\n`;
}
