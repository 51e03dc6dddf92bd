import { groupBy, hostChanges } from '../core/keys.js';
import { MODE_LABEL, MODE_TRADE_OFF } from '../core/mode.js';
import { countPlan, isEmptyPlan } from '../core/plan.js';
import { orderFindings } from '../core/verdict.js';
import type { Finding, HostPlan, NameForm, Plan, PlannedValue, UacChange } from '../core/types.js';
import { UAC, formatUac, hasFlag } from '../core/uac.js';
import { append } from './lines.js';
import { findingSentence } from './sentences.js';
import type { Style } from './style.js';

const FLAG_NAMES: Array<[number, string]> = [
  [UAC.TRUSTED_FOR_DELEGATION, 'TRUSTED_FOR_DELEGATION (unconstrained)'],
  [UAC.TRUSTED_TO_AUTH_FOR_DELEGATION, 'TRUSTED_TO_AUTH_FOR_DELEGATION (any protocol)'],
];

export function describeUac({ from, to }: UacChange): string {
  const parts = FLAG_NAMES.filter(([bit]) => hasFlag(from, bit) !== hasFlag(to, bit)).map(([bit, name]) => `${hasFlag(to, bit) ? 'set' : 'clear'} ${name}`);
  return `userAccountControl ${formatUac(from)} -> ${formatUac(to)} (${parts.join(', ')})`;
}

export function modeLines(plan: Pick<Plan, 'mode' | 'services'>, style: Style): string[] {
  return [
    `${style.bold('Mode:')} ${plan.mode} ("${MODE_LABEL[plan.mode]}")`,
    style.dim(`  ${MODE_TRADE_OFF}`),
    `${style.bold('Services:')} ${plan.services.join(', ')}`,
  ];
}

export function findingLine(f: Finding, style: Style): string {
  const tag = f.severity === 'warning' ? style.warn('warning') : f.severity === 'critical' ? style.bold(style.remove('CRITICAL')) : style.remove('error');
  return `${tag}: ${findingSentence(f)}`;
}

/** A host that gains the same values towards at least this many peers is shown one line for them. */
export const SAME_FOR_PEERS = 8;

const FORM_WORDS: Record<NameForm, string> = { short: 'short name', fqdn: 'FQDN' };

/** The values a peer gets, as words: "cifs (short name and FQDN), Microsoft ... (short name and FQDN)". */
function shapeWords(values: readonly PlannedValue[]): string {
  const forms = groupBy(values, (v) => v.service);
  return [...forms].map(([service, vs]) => `${service} (${vs.map((v) => FORM_WORDS[v.nameForm]).join(' and ')})`).join(', ');
}

/**
 * The values a host gains, one line each; but where it gains the same values (services and name forms)
 * towards many peers, as in a new mesh of hundreds, one line names them all and says what each gets.
 * Every value is still stated: the line's peers, times what each gets, is the set (LDIF and JSON list them).
 */
function addLines(h: HostPlan, style: Style, shapes: RunShapes): { lines: string[]; condensed: boolean } {
  const one = (v: string): string => `    ${style.add(`+ ${v}`)}`;
  const planned = h.planned;
  if (planned.length !== h.add.length || h.add.length < SAME_FOR_PEERS) return { lines: h.add.map(one), condensed: false };
  const lines: string[] = [];
  let condensed = false;
  const { runs, shapeOf, byShape } = peerRuns(planned, shapes);
  const said = new Set<string>();
  // peer after peer, in plan order: a shape many peers share is one line, where its first peer comes
  for (let k = 0; k < shapeOf.length; k++) {
    const shape = shapeOf[k] as string;
    const group = byShape.get(shape) as number[];
    if (group.length < 2 * SAME_FOR_PEERS) {
      for (let i = runs[2 * k] as number; i < (runs[2 * k + 1] as number); i++) lines.push(one((planned[i] as PlannedValue).spn));
      continue;
    }
    if (said.has(shape)) continue;
    said.add(shape);
    condensed = true;
    const each = planned.slice(group[0], group[1]);
    const names: string[] = [];
    for (let r = 0; r < group.length; r += 2) names.push((planned[group[r] as number] as PlannedValue).peer);
    lines.push(one(`${shapeWords(each)} for each of ${names.length} peers (${names.length * each.length} values): ${names.join(', ')}`));
  }
  return { lines, condensed };
}

/**
 * A plan lists a peer's values together: its runs of one peer's values, in plan order (start and end in
 * `planned`, flat: no array per run, nor per value, in a plan of N^2 values), each run's shape, and the
 * runs of each shape.
 */
function peerRuns(planned: readonly PlannedValue[], shapes: RunShapes): { runs: number[]; shapeOf: string[]; byShape: Map<string, number[]> } {
  const runs: number[] = [];
  const shapeOf: string[] = [];
  const byShape = new Map<string, number[]>();
  let start = 0;
  while (start < planned.length) {
    const peer = (planned[start] as PlannedValue).peer;
    let end = start + 1;
    while (end < planned.length && (planned[end] as PlannedValue).peer === peer) end++;
    const shape = shapes.of(planned, start, end);
    runs.push(start, end);
    shapeOf.push(shape);
    const group = byShape.get(shape);
    if (group) group.push(start, end);
    else byShape.set(shape, [start, end]);
    start = end;
  }
  return { runs, shapeOf, byShape };
}

interface ShapedRun {
  values: readonly PlannedValue[];
  start: number;
  end: number;
  shape: string;
}

/**
 * The shape of a run of one peer's values: its services (a number each, by first sight in the plan) and
 * name forms, as a short key. The hosts of a plan share each peer's value objects, so a run met before
 * (the same objects) is known by comparing them, not by making its key again: N^2 values, N keys made.
 */
class RunShapes {
  private readonly codes = new Map<string, number>();
  private readonly byFirst = new Map<PlannedValue, ShapedRun>();

  of(values: readonly PlannedValue[], start: number, end: number): string {
    const first = values[start] as PlannedValue;
    const known = this.byFirst.get(first);
    if (known && sameRun(known, values, start, end)) return known.shape;
    let shape = '';
    for (let i = start; i < end; i++) {
      const v = values[i] as PlannedValue;
      let code = this.codes.get(v.service);
      if (code === undefined) this.codes.set(v.service, (code = this.codes.size));
      shape += `${code}${v.nameForm === 'short' ? 's' : 'f'}`;
    }
    this.byFirst.set(first, { values, start, end, shape });
    return shape;
  }
}

function sameRun(run: ShapedRun, values: readonly PlannedValue[], start: number, end: number): boolean {
  if (run.end - run.start !== end - start) return false;
  for (let i = 0; i < end - start; i++) if (run.values[run.start + i] !== values[start + i]) return false;
  return true;
}

function hostBlock(h: HostPlan, style: Style, shapes: RunShapes): { lines: string[]; condensed: boolean } {
  if (!hostChanges(h)) return { lines: [`  ${h.host}: no changes`], condensed: false };
  const add = addLines(h, style, shapes);
  return { condensed: add.condensed, lines: [
    `${style.change('~')} ${style.bold(h.host)}  ${style.dim(h.dn)}`,
    ...add.lines,
    ...h.remove.map((v) => `    ${style.remove(`- ${v}`)}`),
    ...(h.uac ? [`    ${style.change(`~ ${describeUac(h.uac)}`)}`] : []),
  ] };
}

export function planSummary(plan: Plan): string {
  if (isEmptyPlan(plan)) return `No changes. The mesh of ${plan.hosts.length} hosts is in sync.`;
  const c = countPlan(plan);
  return `Plan: ${c.add} to add, ${c.remove} to remove, ${c.uac} flag change${c.uac === 1 ? '' : 's'}, on ${c.hostsChanged} of ${plan.hosts.length} hosts.`;
}

/** Pieces of about this many characters: a plan of 1,000 hosts lists a million values (tens of MB). */
const PIECE = 1 << 20;

/**
 * The human view of a plan, in pieces of about 1 MB: legend, one block per host, warnings, and a
 * one-line summary. No piece holds the whole list of values.
 */
export function* planTextPieces(plan: Plan, style: Style): Generator<string> {
  const head = [...modeLines(plan, style), `${style.bold('Hosts:')} ${plan.hosts.map((h) => h.host).join(', ')}`, ''];
  let buffer = `${head.join('\n')}\n`;
  if (!isEmptyPlan(plan)) {
    buffer += `${style.dim(`  ${style.add('+')} add value   ${style.remove('-')} remove value   ${style.change('~')} change`)}\n\n`;
    let condensed = false;
    const shapes = new RunShapes();
    for (const h of plan.hosts) {
      const block = hostBlock(h, style, shapes);
      condensed ||= block.condensed;
      buffer += `${block.lines.join('\n')}\n`;
      if (buffer.length >= PIECE) {
        yield buffer;
        buffer = '';
      }
    }
    if (condensed) buffer += `${style.dim(`  (a line "for each of N peers" stands for the same values towards each; --output ldif or json lists every value)`)}\n`;
    buffer += '\n';
  }
  const tail: string[] = [];
  if (plan.warnings.length) append(tail, [...orderFindings(plan.warnings).map((w) => findingLine(w, style)), '']);
  tail.push(style.bold(planSummary(plan)));
  yield `${buffer}${tail.join('\n')}\n`;
}

/** The same text as one string (small plans, tests). */
export function renderPlanText(plan: Plan, style: Style): string {
  return [...planTextPieces(plan, style)].join('');
}
