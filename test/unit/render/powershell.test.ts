import { describe, expect, it } from '@jest/globals';
import { computePlan } from '../../../src/core/plan.js';
import type { HostPlan, Plan } from '../../../src/core/types.js';
import { psQuote, renderPowerShell } from '../../../src/render/powershell.js';
import { MAPPINGS, MIGRATION, configuredMesh, host, policy, valuesFor } from '../builders.js';
import { SCOPE, lines } from '../render-fixtures.js';

const header = (what: string[], mode: string, hosts: string, summary: string): string[] => [
  '#Requires -Modules ActiveDirectory',
  '# kcdmesh plan as a PowerShell script (ActiveDirectory module). Review it before running it.',
  ...what,
  `# Mode: ${mode}; services: cifs, ${MIGRATION}.`,
  `# Hosts: ${hosts}.`,
  `# ${summary}`,
  '# Planned by kcdmesh 0.1.0 at 2026-11-21T10:15:00.000Z against ldaps://dc1.lab.test, base DC=lab,DC=test, as admin@lab.test.',
  '# Run it as a Domain Admin: it needs write access to the computer objects and SeEnableDelegationPrivilege.',
  '# It writes to the DC the plan was read from. Changes reach the hosts after replication and a new',
  '# ticket: wait up to 15 minutes, or run `klist purge -li 0x3e7` on each host.',
  '',
  "$ErrorActionPreference = 'Stop'",
  "$Server = 'dc1.lab.test'",
  '',
];

/**
 * The single-quoted string literals of a script, read as PowerShell reads them: a quote character
 * (' or U+2018-U+201B) doubled is one quote; a lone one ends the string.
 */
function singleQuoted(script: string): string[] {
  const quote = /['\u2018\u2019\u201A\u201B]/;
  const out: string[] = [];
  for (const line of script.split('\n')) {
    if (line.startsWith('#')) continue;
    let i = 0;
    while (i < line.length) {
      if (!quote.test(line[i])) { i++; continue; }
      let s = '';
      i++;
      for (;;) {
        if (i >= line.length) throw new Error(`unterminated string in ${JSON.stringify(line)}`);
        if (quote.test(line[i])) {
          if (i + 1 < line.length && quote.test(line[i + 1])) { s += line[i]; i += 2; continue; }
          i++;
          break;
        }
        s += line[i++];
      }
      out.push(s);
    }
  }
  return out;
}

describe('renderPowerShell', () => {
  it('writes one Set-ADObject per host with values to change and Set-ADAccountControl for the mode', () => {
    const hosts = [host('HV01', { values: valuesFor('HV02').slice(0, 2) }), host('HV02', { values: valuesFor('HV01'), uac: 0x81000 }), host('HV03', { uac: 0x1001000, values: [...valuesFor('HV01'), ...valuesFor('HV02')] })];
    hosts[0].delegateTo.push(...valuesFor('HV03'));
    hosts[1].delegateTo.push(...valuesFor('HV03'));
    expect(renderPowerShell(computePlan(hosts, policy({ mode: 'any-protocol' }), MAPPINGS), SCOPE)).toBe(lines(
      ...header([
        '# What it does: on 2 of 3 hosts, adds 2 and removes 0 values of msDS-AllowedToDelegateTo',
        '# (Set-ADObject -Add/-Remove: single values; every other value stays), and changes the delegation flags',
        '# of 2 hosts (Set-ADAccountControl).',
      ], 'any-protocol ("Use any authentication protocol")', 'HV01, HV02, HV03', 'Plan: 2 to add, 0 to remove, 2 flag changes, on 2 of 3 hosts.'),
      '# HV01: add 2, remove 0',
      '# HV01: userAccountControl 0x1000 -> 0x1001000 (set TRUSTED_TO_AUTH_FOR_DELEGATION (any protocol))',
      "Set-ADObject -Server $Server -Identity 'CN=HV01,CN=Computers,DC=lab,DC=test' `",
      "    -Add @{ 'msDS-AllowedToDelegateTo' = @(",
      `        '${MIGRATION}/HV02',`,
      `        '${MIGRATION}/hv02.lab.test'`,
      '    ) }',
      "Set-ADAccountControl -Server $Server -Identity 'CN=HV01,CN=Computers,DC=lab,DC=test' -TrustedToAuthForDelegation $true",
      '',
      '# HV02: add 0, remove 0',
      '# HV02: userAccountControl 0x81000 -> 0x1001000 (clear TRUSTED_FOR_DELEGATION (unconstrained), set TRUSTED_TO_AUTH_FOR_DELEGATION (any protocol))',
      "Set-ADAccountControl -Server $Server -Identity 'CN=HV02,CN=Computers,DC=lab,DC=test' -TrustedForDelegation $false -TrustedToAuthForDelegation $true",
    ));
  });

  it('removes before it adds, in the same Set-ADObject (one modify), and clears protocol transition', () => {
    const h: HostPlan = { host: 'HV01', dn: 'CN=HV01,CN=Computers,DC=lab,DC=test', current: ['CIFS/HV02', 'cifs/old'], add: ['cifs/HV03'], remove: ['CIFS/HV02', 'cifs/old'], planned: [], unmanaged: [], uac: { from: 0x1001000, to: 0x1000 } };
    const plan: Plan = { mode: 'kerberos-only', services: ['cifs', MIGRATION], hosts: [h], edges: [], pairCount: 0, warnings: [] };
    expect(renderPowerShell(plan, SCOPE).split("$Server = 'dc1.lab.test'\n\n")[1]).toBe(lines(
      '# HV01: add 1, remove 2',
      '# HV01: userAccountControl 0x1001000 -> 0x1000 (clear TRUSTED_TO_AUTH_FOR_DELEGATION (any protocol))',
      "Set-ADObject -Server $Server -Identity 'CN=HV01,CN=Computers,DC=lab,DC=test' `",
      "    -Remove @{ 'msDS-AllowedToDelegateTo' = @(",
      "        'CIFS/HV02',",
      "        'cifs/old'",
      '    ) } `',
      "    -Add @{ 'msDS-AllowedToDelegateTo' = @(",
      "        'cifs/HV03'",
      '    ) }',
      "Set-ADAccountControl -Server $Server -Identity 'CN=HV01,CN=Computers,DC=lab,DC=test' -TrustedToAuthForDelegation $false",
    ));
  });

  it('is only the header for a plan in sync', () => {
    const text = renderPowerShell(computePlan(configuredMesh(['HV01', 'HV02']), policy(), MAPPINGS), SCOPE);
    expect(text).toBe(lines(...header([
      '# What it does: on 0 of 2 hosts, adds 0 and removes 0 values of msDS-AllowedToDelegateTo',
      '# (Set-ADObject -Add/-Remove: single values; every other value stays), and changes the delegation flags',
      '# of 0 hosts (Set-ADAccountControl).',
    ], 'kerberos-only ("Use Kerberos only")', 'HV01, HV02', 'No changes. The mesh of 2 hosts is in sync.').slice(0, -1)));
    expect(text).not.toMatch(/^Set-AD/m);
  });

  it.each([
    ['plain', 'cifs/HV02', "'cifs/HV02'"],
    ['an apostrophe', "O'Brien", "'O''Brien'"],
    ['typographic quotes', 'a\u2018b\u2019c\u201Ad\u201Be', "'a\u2018\u2018b\u2019\u2019c\u201A\u201Ad\u201B\u201Be'"],
    ['a variable and a subexpression', '$env:USERNAME $(Remove-Item x)', "'$env:USERNAME $(Remove-Item x)'"],
    ['a backtick and double quotes', '`"x"`', "'`\"x\"`'"],
  ])('quotes %s safely', (_label, value, quoted) => {
    expect(psQuote(value)).toBe(quoted);
    expect(singleQuoted(`$x = ${quoted}`)).toEqual([value]);
  });

  it('reads back, string by string, exactly the DNs and values of the plan', () => {
    const odd = ["cifs/o'neil", 'cifs/\u2019smart\u2019', '$(whoami)/x', 'cifs/ümlaut'];
    const h: HostPlan = { host: 'HV01', dn: "CN=HV01's,OU=Hyper-V,DC=lab,DC=test", current: [], add: odd, remove: ['x`y'], planned: [], unmanaged: [], uac: null };
    const plan: Plan = { mode: 'kerberos-only', services: ['cifs'], hosts: [h], edges: [], pairCount: 0, warnings: [] };
    const script = renderPowerShell(plan, SCOPE);
    expect(script.startsWith('\uFEFF#Requires -Modules ActiveDirectory\n')).toBe(true);
    expect(singleQuoted(script)).toEqual(['Stop', 'dc1.lab.test', h.dn, 'msDS-AllowedToDelegateTo', 'x`y', 'msDS-AllowedToDelegateTo', ...odd]);
  });

  it('refuses a UAC change outside the delegation bits (a bug, not a plan)', () => {
    const h: HostPlan = { host: 'HV01', dn: 'CN=HV01,DC=lab,DC=test', current: [], add: [], remove: [], planned: [], unmanaged: [], uac: { from: 0x1000, to: 0x1002 } };
    expect(() => renderPowerShell({ mode: 'kerberos-only', services: ['cifs'], hosts: [h], edges: [], pairCount: 0, warnings: [] }, SCOPE)).toThrow('touches bits kcdmesh never plans');
  });
});
