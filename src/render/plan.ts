import type { OutputFormat } from './formats.js';
import { countPlan } from '../core/plan.js';
import type { Scope } from '../core/report.js';
import type { Plan } from '../core/types.js';
import { DEFAULT_MIGRATION, renderHyperV, type MigrationSettings } from './hyperv.js';
import { renderJson } from './json.js';
import { renderLdif } from './ldif.js';
import { renderPlanMarkdown } from './markdown.js';
import { renderPlanText } from './plan-text.js';
import { renderPowerShell } from './powershell.js';
import type { Style } from './style.js';

/** Every plan format is a function of the one plan value (and, for change files, its scope). */
export function renderPlan(output: OutputFormat, plan: Plan, scope: Scope, style: Style, hyperv?: { computers: string[]; migration: MigrationSettings }): string {
  switch (output) {
    case 'json':
      return renderJson('plan', { plan, summary: countPlan(plan) });
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
