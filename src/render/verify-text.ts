import { groupBy, serviceKey } from '../core/keys.js';
import { matrixRows, pairsOf, type Cell } from '../core/matrix.js';
import type { Finding } from '../core/types.js';
import type { ForeignValue, Verdict } from '../core/verdict.js';
import { MODE_WORDS } from './aduc.js';
import { append } from './lines.js';
import { findingLine, modeLines } from './plan-text.js';
import { verifySummary } from './sentences.js';
import type { Style } from './style.js';

export { verifySummary } from './sentences.js';

/** Up to this many hosts the trust matrix is drawn; beyond, only the rows that do not work are named. */
const MATRIX_MAX = 16;

/** A cell of the shared model, in a few characters. */
export function cellText(c: Cell): string {
  switch (c.state) {
    case 'self': return '-';
    case 'unplanned': return '·';
    case 'complete': return 'ok';
    case 'none': return 'none';
    case 'undelegable': return 'no SPN';
    case 'partial': return `${c.present}/${c.expected}`;
  }
}

function matrix(v: Verdict, style: Style): string[] {
  const names = v.hosts.map((h) => h.name);
  const rows = matrixRows(names, pairsOf(v.trust), v.services, v.findings);
  const undelegable = rows.some((r) => r.cells.some((c) => c.state === 'undelegable'));
  const width = Math.max(undelegable ? 6 : 4, ...names.map((n) => n.length));
  const draw = (c: Cell): string => {
    const t = cellText(c).padEnd(width);
    return c.state === 'self' || c.state === 'unplanned' ? style.dim(t) : c.state === 'complete' ? style.add(t) : style.remove(t);
  };
  return [
    `Trust (row delegates to column${undelegable ? '; "no SPN": the column cannot be delegated to' : ''}):`,
    `  ${''.padEnd(width)}  ${names.map((n) => n.padEnd(width)).join('  ')}`.trimEnd(),
    ...rows.map((r) => `  ${r.host.padEnd(width)}  ${r.cells.map(draw).join('  ')}`.trimEnd()),
  ];
}

/** A host holding this many values of one service that kcdmesh does not manage gets one line for them. */
export const FOREIGN_PER_LINE = 8;

/**
 * A host's values kcdmesh does not manage, a line each (`one`); but where it holds many of one service
 * (a few hosts verified in a large mesh hold hundreds towards the hosts not named), one line per
 * service names their targets (`many`). Nothing is left out: JSON and the report list every value.
 */
function foreignLines(foreign: readonly ForeignValue[], one: (f: ForeignValue) => string, many: (service: string, fs: readonly ForeignValue[]) => string): string[] {
  const byService = groupBy(foreign, (f) => serviceKey(f.service));
  if (![...byService.values()].some((fs) => fs.length >= FOREIGN_PER_LINE)) return foreign.map(one);
  return [...byService.values()].flatMap((fs) => (fs.length >= FOREIGN_PER_LINE ? [many((fs[0] as ForeignValue).service, fs)] : fs.map(one)));
}

const targetList = (fs: readonly ForeignValue[]): string => fs.map((f) => f.target || f.spn).join(', ');

/** Each host's mode in ADUC's words, its Windows version, and the values kcdmesh does not manage. */
function hostLines(v: Verdict): string[] {
  const lines = ['Hosts:'];
  for (const h of v.hosts) {
    lines.push(`  ${h.name}: ${MODE_WORDS[h.mode]}${h.release ? `; ${h.release}` : ''}`);
    append(lines, foreignLines(
      h.foreign,
      (f) => `    not managed by kcdmesh: ${f.spn} (service ${f.service}, target ${f.target})`,
      (service, fs) => `    not managed by kcdmesh: ${fs.length} values of service ${service}, targets ${targetList(fs)}`,
    ));
  }
  return lines;
}

function findingLines(findings: readonly Finding[], style: Style): string[] {
  return findings.map((f) => findingLine(f, style));
}

export function renderVerifyText(v: Verdict, style: Style): string {
  const lines = [...modeLines(v, style), ...(v.modeEnforced ? [] : [style.dim('  (no --mode and no mode in a config: the hosts\' own modes are reported, and only a mesh that disagrees is a finding)')]), ''];
  if (v.hosts.length <= MATRIX_MAX) append(lines, [...matrix(v, style), '', ...hostLines(v), '']);
  else {
    const foreign = v.hosts.filter((h) => h.foreign.length);
    if (foreign.length) {
      append(lines, ['Values kcdmesh does not manage:', ...foreign.flatMap((h) => foreignLines(
        h.foreign,
        (f) => `  ${h.name}: ${f.spn}`,
        (service, fs) => `  ${h.name}: ${fs.length} values of service ${service}, targets ${targetList(fs)}`,
      )), '']);
    }
  }
  if (v.findings.length) append(lines, [...findingLines(v.findings, style), '']);
  lines.push(style.bold(verifySummary(v)));
  return `${lines.join('\n')}\n`;
}
