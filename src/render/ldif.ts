import { hostChanges } from '../core/keys.js';
import { MODE_LABEL } from '../core/mode.js';
import type { Scope } from '../core/report.js';
import type { HostPlan, Plan } from '../core/types.js';
import { describeUac, planSummary } from './plan-text.js';

const ATTRIBUTE = 'msDS-AllowedToDelegateTo';

/**
 * RFC 2849 SAFE-STRING: ASCII without NUL, LF or CR, not starting with a space, colon or "<". A
 * trailing space is base64 too (the RFC recommends it: tools strip it otherwise), as is an empty value.
 */
function isSafe(value: string): boolean {
  return value !== '' && /^[\x01-\x09\x0B\x0C\x0E-\x7F]*$/.test(value) && !/^[ :<]/.test(value) && !value.endsWith(' ');
}

/** `name: value`, or `name:: base64` when the value is not a safe string. */
export function ldifLine(name: string, value: string): string {
  return isSafe(value) ? `${name}: ${value}` : `${name}:: ${Buffer.from(value, 'utf8').toString('base64')}`;
}

/** A comment holds one line: anything that could end it or start a continuation is made visible. */
function comment(text: string): string {
  return `# ${text.replace(/[\x00-\x1F\x7F]/g, '?')}`.trimEnd();
}

function modification(op: 'add' | 'delete', attribute: string, values: readonly string[]): string[] {
  return values.length ? [`${op}: ${attribute}`, ...values.map((v) => ldifLine(attribute, v)), '-'] : [];
}

/** One host, one modify: the server applies it whole or not at all. UAC is deleted and added, never replaced. */
function record(h: HostPlan): string[] {
  return [
    comment(`${h.host}: add ${h.add.length}, remove ${h.remove.length}`),
    ...(h.uac ? [comment(`${h.host}: ${describeUac(h.uac)}`)] : []),
    ldifLine('dn', h.dn),
    'changetype: modify',
    ...modification('delete', ATTRIBUTE, h.remove),
    ...modification('add', ATTRIBUTE, h.add),
    ...(h.uac ? [...modification('delete', 'userAccountControl', [String(h.uac.from)]), ...modification('add', 'userAccountControl', [String(h.uac.to)])] : []),
    '',
  ];
}

/**
 * The plan as an LDIF change file for ldapmodify. Individual values are added and deleted, so values
 * kcdmesh does not manage stay; without the permissive-modify control, a host that changed since the
 * plan makes its modify fail instead of being written over.
 */
export function renderLdif(plan: Plan, scope: Scope): string {
  const changed = plan.hosts.filter(hostChanges);
  const header = [
    'kcdmesh plan as LDIF: ldapmodify applies it to reach the planned mesh.',
    `Planned by kcdmesh ${scope.kcdmeshVersion} at ${scope.time} against ${scope.dc.url} (${scope.dc.dnsHostName || 'unknown DC'}), base ${scope.baseDn}, as ${scope.bindIdentity}.`,
    `Mode: ${plan.mode} ("${MODE_LABEL[plan.mode]}"); services: ${plan.services.join(', ')}.`,
    `Hosts: ${plan.hosts.map((h) => h.host).join(', ')}.`,
    planSummary(plan),
    'Each host is one modify of single values (add/delete, never replace): values kcdmesh does not manage stay.',
    'A modify that fails with "Type or value exists" (20) or "No such attribute" (16) means the host changed',
    'since this plan: run kcdmesh plan again. Apply with, for example:',
    `  LDAPTLS_CACERT=ca.pem ldapmodify -H ${scope.dc.url} -D ${scope.bindIdentity} -W -f plan.ldif`,
  ];
  return [...header.map(comment), 'version: 1', '', ...changed.flatMap(record)].join('\n');
}
