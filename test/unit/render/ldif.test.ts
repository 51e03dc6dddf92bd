import { describe, expect, it } from '@jest/globals';
import { computePlan } from '../../../src/core/plan.js';
import type { HostPlan, Plan } from '../../../src/core/types.js';
import { ldifLine, renderLdif } from '../../../src/render/ldif.js';
import { MAPPINGS, MIGRATION, configuredMesh, host, policy, valuesFor } from '../builders.js';
import { SCOPE, lines } from '../render-fixtures.js';

const HEADER = (summary: string, hosts: string): string[] => [
  '# kcdmesh plan as LDIF: ldapmodify applies it to reach the planned mesh.',
  '# Planned by kcdmesh 0.1.0 at 2026-11-21T10:15:00.000Z against ldaps://dc1.lab.test (dc1.lab.test), base DC=lab,DC=test, as admin@lab.test.',
  `# Mode: kerberos-only ("Use Kerberos only"); services: cifs, ${MIGRATION}.`,
  `# Hosts: ${hosts}.`,
  `# ${summary}`,
  '# Each host is one modify of single values (add/delete, never replace): values kcdmesh does not manage stay.',
  '# A modify that fails with "Type or value exists" (20) or "No such attribute" (16) means the host changed',
  '# since this plan: run kcdmesh plan again. Apply with, for example:',
  '#   LDAPTLS_CACERT=ca.pem ldapmodify -H ldaps://dc1.lab.test -D admin@lab.test -W -f plan.ldif',
  'version: 1',
  '',
];

interface Change {
  dn: string;
  mods: Array<{ op: string; attribute: string; values: string[] }>;
}

/** A small RFC 2849 reader for change records: folded lines, comments, `::` base64 values. */
function parseLdif(text: string): { version: string; changes: Change[] } {
  const unfolded = text.replace(/\n /g, '').split('\n').filter((l) => !l.startsWith('#'));
  const decode = (line: string): [string, string] => {
    const b64 = line.match(/^([^:]+):: ?(.*)$/);
    if (b64) return [b64[1], Buffer.from(b64[2], 'base64').toString('utf8')];
    const plain = line.match(/^([^:]+): ?(.*)$/);
    if (!plain) throw new Error(`not an LDIF line: ${JSON.stringify(line)}`);
    return [plain[1], plain[2]];
  };
  const blocks = unfolded.join('\n').split(/\n{2,}/).map((b) => b.split('\n').filter((l) => l !== '')).filter((b) => b.length);
  const [first, ...records] = blocks;
  const [vk, version] = decode(first[0]);
  if (vk !== 'version' || first.length !== 1) throw new Error('no version line first');
  const changes = records.map((rec): Change => {
    const [dnKey, dn] = decode(rec[0]);
    const [ctKey, ct] = decode(rec[1]);
    if (dnKey !== 'dn' || ctKey !== 'changetype' || ct !== 'modify') throw new Error(`not a modify record: ${rec.join('|')}`);
    const mods: Change['mods'] = [];
    let current: Change['mods'][number] | null = null;
    for (const line of rec.slice(2)) {
      if (line === '-') {
        if (!current) throw new Error('"-" without a modification');
        mods.push(current);
        current = null;
        continue;
      }
      const [k, v] = decode(line);
      if (!current) {
        if (!['add', 'delete', 'replace'].includes(k)) throw new Error(`expected add/delete, got ${k}`);
        current = { op: k, attribute: v, values: [] };
      } else {
        if (k !== current.attribute) throw new Error(`value of ${k} inside ${current.attribute}`);
        current.values.push(v);
      }
    }
    if (current) throw new Error('modification not closed with "-"');
    return { dn, mods };
  });
  return { version, changes };
}

describe('renderLdif', () => {
  it('writes one modify per changed host: single values, UAC as delete old + add new, never replace', () => {
    const hosts = [host('HV01', { values: valuesFor('HV02').slice(0, 3) }), host('HV02', { values: valuesFor('HV01'), uac: 0x81000 }), host('HV03', { values: [...valuesFor('HV01'), ...valuesFor('HV02')] })];
    hosts[0].delegateTo.push(...valuesFor('HV03'));
    hosts[1].delegateTo.push(...valuesFor('HV03'));
    hosts[2].delegateTo = hosts[2].delegateTo.filter((v) => v !== 'cifs/hv01.lab.test');
    expect(renderLdif(computePlan(hosts, policy(), MAPPINGS), SCOPE)).toBe(lines(
      ...HEADER('Plan: 2 to add, 0 to remove, 1 flag change, on 3 of 3 hosts.', 'HV01, HV02, HV03'),
      '# HV01: add 1, remove 0',
      'dn: CN=HV01,CN=Computers,DC=lab,DC=test',
      'changetype: modify',
      'add: msDS-AllowedToDelegateTo',
      `msDS-AllowedToDelegateTo: ${MIGRATION}/hv02.lab.test`,
      '-',
      '',
      '# HV02: add 0, remove 0',
      '# HV02: userAccountControl 0x81000 -> 0x1000 (clear TRUSTED_FOR_DELEGATION (unconstrained))',
      'dn: CN=HV02,CN=Computers,DC=lab,DC=test',
      'changetype: modify',
      'delete: userAccountControl',
      'userAccountControl: 528384',
      '-',
      'add: userAccountControl',
      'userAccountControl: 4096',
      '-',
      '',
      '# HV03: add 1, remove 0',
      'dn: CN=HV03,CN=Computers,DC=lab,DC=test',
      'changetype: modify',
      'add: msDS-AllowedToDelegateTo',
      'msDS-AllowedToDelegateTo: cifs/hv01.lab.test',
      '-',
    ));
  });

  it('is only the header for a plan in sync', () => {
    expect(renderLdif(computePlan(configuredMesh(['HV01', 'HV02']), policy(), MAPPINGS), SCOPE)).toBe(lines(
      ...HEADER('No changes. The mesh of 2 hosts is in sync.', 'HV01, HV02').slice(0, -1),
    ));
  });

  it('deletes stored spellings (a rollback or prune plan) before adding', () => {
    const h: HostPlan = { host: 'HV01', dn: 'CN=HV01,CN=Computers,DC=lab,DC=test', current: ['CIFS/HV02'], add: ['cifs/HV03'], remove: ['CIFS/HV02'], planned: [], unmanaged: [], uac: null };
    const plan: Plan = { mode: 'kerberos-only', services: ['cifs'], hosts: [h], edges: [], pairCount: 0, warnings: [] };
    const text = renderLdif(plan, SCOPE);
    expect(text.split('version: 1\n\n')[1]).toBe(lines(
      '# HV01: add 1, remove 1',
      'dn: CN=HV01,CN=Computers,DC=lab,DC=test',
      'changetype: modify',
      'delete: msDS-AllowedToDelegateTo',
      'msDS-AllowedToDelegateTo: CIFS/HV02',
      '-',
      'add: msDS-AllowedToDelegateTo',
      'msDS-AllowedToDelegateTo: cifs/HV03',
      '-',
    ));
    expect(parseLdif(text).changes).toEqual([{
      dn: h.dn,
      mods: [{ op: 'delete', attribute: 'msDS-AllowedToDelegateTo', values: ['CIFS/HV02'] }, { op: 'add', attribute: 'msDS-AllowedToDelegateTo', values: ['cifs/HV03'] }],
    }]);
  });

  it.each([
    ['a plain value', 'cifs/HV02', 'x: cifs/HV02'],
    ['a value with an inner colon and space', 'MSSQLSvc/sql01.lab.test:1433', 'x: MSSQLSvc/sql01.lab.test:1433'],
    ['a leading space', ' cifs/HV02', 'x:: IGNpZnMvSFYwMg=='],
    ['a leading colon', ':cifs', 'x:: OmNpZnM='],
    ['a leading <', '<cifs', 'x:: PGNpZnM='],
    ['a trailing space', 'cifs/HV02 ', 'x:: Y2lmcy9IVjAyIA=='],
    ['non-ASCII', 'cifs/hv02.läb.test', 'x:: Y2lmcy9odjAyLmzDpGIudGVzdA=='],
    ['a line break', 'cifs/a\nb', 'x:: Y2lmcy9hCmI='],
    ['NUL', 'a\u0000b', 'x:: YQBi'],
    ['empty', '', 'x:: '],
  ])('encodes %s per RFC 2849', (_label, value, line) => {
    expect(ldifLine('x', value)).toBe(line);
  });

  it('round-trips every odd value and DN through an LDIF reader', () => {
    const odd = [' leading', 'trailing ', ':colon', '<angle', 'ümlaut/hv02', 'cifs/x\r\ny', "quote'and\"double"];
    const h: HostPlan = { host: 'HV01', dn: 'CN=Müller\\, HV01,OU=Hyper-V,DC=lab,DC=test', current: [], add: odd, remove: [' old '], planned: [], unmanaged: [], uac: { from: 0x1000, to: 0x1001000 } };
    const plan: Plan = { mode: 'any-protocol', services: ['cifs'], hosts: [h], edges: [], pairCount: 0, warnings: [] };
    const parsed = parseLdif(renderLdif(plan, SCOPE));
    expect(parsed.version).toBe('1');
    expect(parsed.changes).toEqual([{
      dn: h.dn,
      mods: [
        { op: 'delete', attribute: 'msDS-AllowedToDelegateTo', values: [' old '] },
        { op: 'add', attribute: 'msDS-AllowedToDelegateTo', values: odd },
        { op: 'delete', attribute: 'userAccountControl', values: ['4096'] },
        { op: 'add', attribute: 'userAccountControl', values: ['16781312'] },
      ],
    }]);
  });

  it('keeps a comment on one line whatever the scope holds', () => {
    const text = renderLdif(computePlan(configuredMesh(['HV01', 'HV02']), policy(), MAPPINGS), { ...SCOPE, bindIdentity: 'admin\n dn: CN=evil' });
    expect(text).toContain('as admin? dn: CN=evil.');
    expect(parseLdif(text).changes).toEqual([]);
  });
});
