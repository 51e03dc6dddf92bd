import type { OutputFormat } from './formats.js';
import { countPlan } from '../core/plan.js';
import type { Scope } from '../core/report.js';
import type { Plan } from '../core/types.js';
import { DEFAULT_MIGRATION, renderHyperV, type MigrationSettings } from './hyperv.js';
import { jsonChunks, renderJson } from './json.js';
import { renderLdif } from './ldif.js';
import { renderPlanMarkdown } from './markdown.js';
import { planTextPieces, renderPlanText } from './plan-text.js';
import { renderPowerShell } from './powershell.js';
import type { Style } from './style.js';

type HyperVHosts = { computers: string[]; migration: MigrationSettings };

/** plan's JSON document: the DC it read from, the plan, its counts. */
const planJson = (plan: Plan, scope: Scope): object => ({ dc: scope.dc, plan, summary: countPlan(plan) });

/**
 * renderPlan's text in the pieces stdout is given: JSON and text in pieces of about 1 MB (the plan of a
 * new mesh of hundreds of hosts lists a million values), every other format in one.
 */
export function* planPieces(output: OutputFormat, plan: Plan, scope: Scope, style: Style, hyperv?: HyperVHosts): Generator<string> {
  if (output === 'json') yield* jsonChunks('plan', planJson(plan, scope));
  else if (output === 'text') yield* planTextPieces(plan, style);
  else yield renderPlan(output, plan, scope, style, hyperv);
}

/** Every plan format is a function of the one plan value (and, for change files, its scope). */
export function renderPlan(output: OutputFormat, plan: Plan, scope: Scope, style: Style, hyperv?: HyperVHosts): string {
  switch (output) {
    case 'json':
      // the DC read from: with --dc, the one apply will write to
      return renderJson('plan', planJson(plan, scope));
    case 'markdown':
      return renderPlanMarkdown(plan);
    case 'ldif':
      return renderLdif(plan, scope);
    case 'powershell':
      return renderPowerShell(plan, scope);
    case 'hyperv':
      return renderHyperV(hyperv?.computers ?? plan.hosts.map((h) => h.host), hyperv?.migration ?? DEFAULT_MIGRATION, scope);
    default:
      return renderPlanText(plan, style);
  }
}
