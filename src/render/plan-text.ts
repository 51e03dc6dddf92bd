import { hostChanges } from '../core/keys.js';
import { MODE_LABEL, MODE_TRADE_OFF } from '../core/mode.js';
import { countPlan, isEmptyPlan } from '../core/plan.js';
import { orderFindings } from '../core/verdict.js';
import type { Finding, HostPlan, Plan, UacChange } from '../core/types.js';
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

function hostBlock(h: HostPlan, style: Style): string[] {
  if (!hostChanges(h)) return [`  ${h.host}: no changes`];
  return [
    `${style.change('~')} ${style.bold(h.host)}  ${style.dim(h.dn)}`,
    ...h.add.map((v) => `    ${style.add(`+ ${v}`)}`),
    ...h.remove.map((v) => `    ${style.remove(`- ${v}`)}`),
    ...(h.uac ? [`    ${style.change(`~ ${describeUac(h.uac)}`)}`] : []),
  ];
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
    for (const h of plan.hosts) {
      buffer += `${hostBlock(h, style).join('\n')}\n`;
      if (buffer.length >= PIECE) {
        yield buffer;
        buffer = '';
      }
    }
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
