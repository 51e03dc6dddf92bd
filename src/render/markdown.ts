import { hostChanges } from '../core/keys.js';
import { MODE_LABEL } from '../core/mode.js';
import { countPlan, isEmptyPlan } from '../core/plan.js';
import { matrixRows, pairsOf, type Cell } from '../core/matrix.js';
import type { Finding, HostPlan, Plan } from '../core/types.js';
import { orderFindings } from '../core/verdict.js';
import type { Verdict } from '../core/verdict.js';
import { append } from './lines.js';
import { describeUac, planSummary } from './plan-text.js';
import { cannotDelegate, findingSentence, verifySummary } from './sentences.js';

/** A pull-request comment stays readable (and under the forges' size limits) with this much in it. */
const MATRIX_MAX = 12;
const LIST_MAX = 50;
const VALUE_LINES_MAX = 300;

/** Findings that apply itself corrects (the others need the host or its account fixed). */
const APPLY_FIXES = new Set<string>(['missing-delegation', 'delegates-to-none', 'missing-for-every-peer', 'mode-mismatch', 'unconstrained-delegation']);

/**
 * Plain text inside a line (never at its start, where # - + . would count): the characters that make
 * inline markup, HTML or a table cell border are escaped, and line breaks are folded.
 */
export function mdText(s: string): string {
  return s.replace(/[\r\n]+/g, ' ').replace(/[\\`*_[\]<|~&]/g, (c) => `\\${c}`);
}

/** An inline code span that holds any text: the fence is longer than any run of backticks inside. */
export function mdCode(s: string): string {
  const flat = s.replace(/[\r\n]+/g, ' ');
  const longest = Math.max(0, ...(flat.match(/`+/g) ?? []).map((r) => r.length));
  const fence = '`'.repeat(longest + 1);
  const pad = flat.startsWith('`') || flat.endsWith('`') || /^ .* $/.test(flat) ? ' ' : '';
  return `${fence}${pad}${flat}${pad}${fence}`;
}

/** A fenced block that no line inside can close early. */
function fenced(info: string, lines: readonly string[]): string[] {
  const longest = Math.max(2, ...lines.flatMap((l) => l.match(/`+/g) ?? []).map((r) => r.length));
  const fence = '`'.repeat(longest + 1);
  return [`${fence}${info}`, ...lines.map((l) => l.replace(/[\r\n]+/g, ' ')), fence];
}

function header(p: Pick<Plan, 'mode' | 'services'>, hosts: number): string {
  return `Mode **${p.mode}** ("${MODE_LABEL[p.mode]}") · services ${p.services.map(mdCode).join(', ')} · ${hosts} hosts`;
}

function capped<T>(items: readonly T[], max: number, line: (item: T) => string, more: (n: number) => string): string[] {
  const shown = items.slice(0, max).map(line);
  return items.length > max ? [...shown, more(items.length - max)] : shown;
}

const MARK: Record<Finding['severity'], string> = { critical: '🛑 critical', error: '❌', warning: '⚠️' };

function findingItem(f: Finding): string {
  if (f.kind === 'missing-delegation') return `- ${MARK[f.severity]} ${mdText(cannotDelegate(f.host, f.peer ?? '?'))}: missing ${(f.missing ?? []).map((v) => mdCode(v.spn)).join(', ')}`;
  return `- ${MARK[f.severity]} ${mdText(findingSentence(f))}`;
}

/** A cell of the shared model, as a pull-request reader sees it. */
function cell(c: Cell): string {
  switch (c.state) {
    case 'self': case 'unplanned': return '–';
    case 'complete': return '✅';
    case 'none': return '❌ none';
    case 'undelegable': return '⛔ no SPN';
    case 'partial': return `⚠️ ${c.present}/${c.expected}`;
  }
}

function matrix(v: Verdict): string[] {
  const names = v.hosts.map((h) => h.name);
  const rows = matrixRows(names, pairsOf(v.trust), v.services, v.findings);
  return [
    `| delegates to → | ${names.map(mdText).join(' | ')} |`,
    `|:--|${names.map(() => ':-:').join('|')}|`,
    ...rows.map((r) => `| **${mdText(r.host)}** | ${r.cells.map(cell).join(' | ')} |`),
  ];
}

/** verify for a pull-request comment: the summary first, the matrix when it fits, then the findings. */
export function renderVerifyMarkdown(v: Verdict): string {
  const lines = ['### kcdmesh verify', '', `**${mdText(verifySummary(v))}**`, '', header(v, v.hosts.length), ''];
  // Above the matrix's size the findings say what is wrong: the list grows with that, never with N^2 pairs.
  if (v.hosts.length <= MATRIX_MAX) append(lines, [...matrix(v), '']);
  const foreign = v.hosts.flatMap((h) => h.foreign.map((f) => `- ${mdText(h.name)}: ${mdCode(f.spn)}`));
  if (foreign.length) append(lines, ['Values kcdmesh does not manage:', '', ...capped(foreign, LIST_MAX, (l) => l, (n) => `- … and ${n} more`), '']);
  if (v.findings.length) append(lines, [...capped(v.findings, LIST_MAX, findingItem, (n) => `- … and ${n} more (run kcdmesh verify for the full list)`), '']);
  if (v.findings.some((f) => APPLY_FIXES.has(f.kind))) lines.push('Missing values and flags: `kcdmesh plan` with the same hosts shows the change, `kcdmesh apply` makes it.', '');
  return `${lines.join('\n')}`;
}

function planRow(h: HostPlan): string {
  return `| ${mdText(h.host)} | ${h.add.length} | ${h.remove.length} | ${h.uac ? mdText(describeUac(h.uac)) : ''} |`;
}

function valueLines(hosts: readonly HostPlan[]): string[] {
  return hosts.flatMap((h) => [`# ${h.host}  ${h.dn}`, ...h.add.map((v) => `+ ${v}`), ...h.remove.map((v) => `- ${v}`), ...(h.uac ? [`! ${describeUac(h.uac)}`] : [])]);
}

/** plan for a pull-request comment: the summary, a row per host that changes, and the values folded away. */
export function renderPlanMarkdown(plan: Plan): string {
  const lines = ['### kcdmesh plan', '', `**${mdText(planSummary(plan))}**`, '', header(plan, plan.hosts.length), ''];
  if (!isEmptyPlan(plan)) {
    const changed = plan.hosts.filter(hostChanges);
    append(lines, ['| host | add | remove | flags |', '|:--|--:|--:|:--|', ...changed.map(planRow), '']);
    const values = valueLines(changed);
    const c = countPlan(plan);
    append(lines, [
      `<details><summary>${c.add + c.remove} value${c.add + c.remove === 1 ? '' : 's'}${c.uac ? ` and ${c.uac} flag change${c.uac === 1 ? '' : 's'}` : ''}</summary>`,
      '',
      ...fenced('diff', capped(values, VALUE_LINES_MAX, (l) => l, (n) => `# … and ${n} more lines (kcdmesh plan shows them all)`)),
      '',
      '</details>',
      '',
    ]);
  }
  if (plan.warnings.length) append(lines, [...orderFindings(plan.warnings).map(findingItem), '']);
  return `${lines.join('\n')}`;
}
