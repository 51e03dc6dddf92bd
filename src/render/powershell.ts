import { hostChanges } from '../core/keys.js';
import { MODE_LABEL } from '../core/mode.js';
import { countPlan } from '../core/plan.js';
import type { Scope } from '../core/report.js';
import type { HostPlan, Plan, UacChange } from '../core/types.js';
import { UAC, hasFlag } from '../core/uac.js';
import { describeUac, planSummary } from './plan-text.js';

/**
 * A PowerShell single-quoted string: nothing inside is expanded. PowerShell also ends such a string at
 * the typographic quotes U+2018-U+201B, so those are doubled as well as the ASCII one.
 */
export function psQuote(s: string): string {
  return `'${s.replace(/['\u2018\u2019\u201A\u201B]/g, (q) => q + q)}'`;
}

function comment(text: string): string {
  return `# ${text.replace(/[\x00-\x1F\x7F\u2028\u2029\u0085]/g, '?')}`.trimEnd();
}

/** Set-ADAccountControl parameters for the two delegation bits a plan changes. */
function accountControl(u: UacChange): string[] {
  const params: Array<[number, string]> = [
    [UAC.TRUSTED_FOR_DELEGATION, '-TrustedForDelegation'],
    [UAC.TRUSTED_TO_AUTH_FOR_DELEGATION, '-TrustedToAuthForDelegation'],
  ];
  const handled = params.reduce((m, [bit]) => m | bit, 0);
  if (((u.from ^ u.to) & ~handled) !== 0) throw new Error(`userAccountControl change ${u.from} -> ${u.to} touches bits kcdmesh never plans`);
  return params.filter(([bit]) => hasFlag(u.from, bit) !== hasFlag(u.to, bit)).map(([bit, p]) => `${p} $${hasFlag(u.to, bit)}`);
}

function valueList(values: readonly string[]): string[] {
  return values.map((v, i) => `        ${psQuote(v)}${i < values.length - 1 ? ',' : ''}`);
}

function hostBlock(h: HostPlan): string[] {
  const id = psQuote(h.dn);
  const lines = [comment(`${h.host}: add ${h.add.length}, remove ${h.remove.length}`), ...(h.uac ? [comment(`${h.host}: ${describeUac(h.uac)}`)] : [])];
  if (h.add.length || h.remove.length) {
    lines.push(`Set-ADObject -Server $Server -Identity ${id} \``);
    if (h.remove.length) lines.push(`    -Remove @{ 'msDS-AllowedToDelegateTo' = @(`, ...valueList(h.remove), `    ) }${h.add.length ? ' `' : ''}`);
    if (h.add.length) lines.push(`    -Add @{ 'msDS-AllowedToDelegateTo' = @(`, ...valueList(h.add), '    ) }');
  }
  if (h.uac) lines.push(`Set-ADAccountControl -Server $Server -Identity ${id} ${accountControl(h.uac).join(' ')}`);
  return [...lines, ''];
}

/**
 * The plan as a script for Windows admins (ActiveDirectory module), to review before running.
 * Set-ADObject -Add/-Remove change single values, as apply does; Set-ADAccountControl sets the mode.
 */
export function renderPowerShell(plan: Plan, scope: Scope): string {
  const c = countPlan(plan);
  const changed = plan.hosts.filter(hostChanges);
  const server = scope.dc.dnsHostName || new URL(scope.dc.url).hostname;
  const header = [
    'kcdmesh plan as a PowerShell script (ActiveDirectory module). Review it before running it.',
    `What it does: on ${c.hostsChanged} of ${plan.hosts.length} hosts, adds ${c.add} and removes ${c.remove} values of msDS-AllowedToDelegateTo`,
    '(Set-ADObject -Add/-Remove: single values; every other value stays), and changes the delegation flags',
    `of ${c.uac} host${c.uac === 1 ? '' : 's'} (Set-ADAccountControl).`,
    `Mode: ${plan.mode} ("${MODE_LABEL[plan.mode]}"); services: ${plan.services.join(', ')}.`,
    `Hosts: ${plan.hosts.map((h) => h.host).join(', ')}.`,
    planSummary(plan),
    `Planned by kcdmesh ${scope.kcdmeshVersion} at ${scope.time} against ${scope.dc.url}, base ${scope.baseDn}, as ${scope.bindIdentity}.`,
    'Run it as a Domain Admin: it needs write access to the computer objects and SeEnableDelegationPrivilege.',
    'It writes to the DC the plan was read from. Changes reach the hosts after replication and a new',
    'ticket: wait up to 15 minutes, or run `klist purge -li 0x3e7` on each host.',
  ];
  const script = [
    '#Requires -Modules ActiveDirectory',
    ...header.map(comment),
    '',
    "$ErrorActionPreference = 'Stop'",
    `$Server = ${psQuote(server)}`,
    '',
    ...changed.flatMap(hostBlock),
  ].join('\n');
  // Windows PowerShell 5.1 reads a script without a BOM in the ANSI code page: a non-ASCII value would be
  // written mangled. The BOM is added only then, so an ASCII script stays plain ASCII.
  return /[^\x00-\x7F]/.test(script) ? `\uFEFF${script}` : script;
}
