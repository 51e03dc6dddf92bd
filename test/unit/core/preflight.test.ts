import { describe, expect, it } from '@jest/globals';
import { chainTo, operatorFindings, type OperatorRecord } from '../../../src/core/operators.js';
import { hostOs, preflightFindings } from '../../../src/core/preflight.js';
import type { HostRecord, Mode } from '../../../src/core/types.js';
import { findingSentence } from '../../../src/render/sentences.js';
import { computeVerdict } from '../../../src/core/verdict.js';
import { MAPPINGS, host, policy, valuesFor } from '../builders.js';

const os = (name: string, operatingSystem: string | null, operatingSystemVersion: string | null): HostRecord => ({ ...host(name), operatingSystem, operatingSystemVersion });

describe('hostOs', () => {
  it.each<[string | null, string | null, string | null]>([
    ['Windows Server 2016 Datacenter', '10.0 (14393)', 'Windows Server 2016'],
    ['Windows Server 2019 Standard', '10.0 (17763)', 'Windows Server 2019'],
    ['Windows Server 2022 Datacenter', '10.0 (20348)', 'Windows Server 2022'],
    ['Windows Server 2025 Datacenter', '10.0 (26100)', 'Windows Server 2025'],
    ['Windows Server 2012 R2 Datacenter', '6.3 (9600)', 'Windows Server 2012 R2'],
    ['Hyper-V Server', null, 'Hyper-V Server'],
    [null, null, null],
  ])('%s %s is %s', (name, version, release) => {
    expect(hostOs(os('HV01', name, version)).release).toBe(release);
  });
});

describe('preflightFindings', () => {
  const run = (hosts: HostRecord[], mode: Mode, incomplete: string[] = []) =>
    preflightFindings({ hosts, modeOf: () => mode, incomplete: new Set(incomplete) }).map((f) => [f.kind, f.severity, findingSentence(f)]);

  it.each<[string, HostRecord[], Mode, string[], Array<[string, string, string]>]>([
    ['any-protocol on 2022: nothing to say', [os('HV01', 'Windows Server 2022', '10.0 (20348)'), os('HV02', 'Windows Server 2022', '10.0 (20348)')], 'any-protocol', [], []],
    ['kerberos-only on 2016+: moves only from the source host', [os('HV01', 'Windows Server 2022', '10.0 (20348)'), os('HV02', 'Windows Server 2022', '10.0 (20348)')], 'kerberos-only', [], [
      ['os-remote-moves', 'warning', 'HV01, HV02 run Windows Server 2016 or later in kerberos-only mode: moves work only when started on the source host; moves started from another machine need any-protocol'],
    ]],
    ['kerberos-only on 2012 R2: nothing to say', [os('HV01', 'Windows Server 2012 R2 Datacenter', '6.3 (9600)')], 'kerberos-only', [], []],
    ['2025 with incomplete delegation: CredSSP is no way out', [os('HV01', 'Windows Server 2025', '10.0 (26100)'), os('HV02', 'Windows Server 2025', '10.0 (26100)')], 'any-protocol', ['HV02'], [
      ['credssp-blocked', 'warning', 'HV02 run Windows Server 2025, where Credential Guard blocks CredSSP: Kerberos delegation is the only way their moves work, and it is incomplete'],
    ]],
    ['mixed versions are named', [os('HV01', 'Windows Server 2022', '10.0 (20348)'), os('HV02', 'Windows Server 2025', '10.0 (26100)'), os('HV03', 'Windows Server 2022', '10.0 (20348)')], 'any-protocol', [], [
      ['os-mixed', 'warning', 'the hosts run different Windows versions (Windows Server 2022: HV01, HV03; Windows Server 2025: HV02): a VM cannot move to a host that does not support its configuration version'],
    ]],
    ['unknown versions are not a mix', [os('HV01', null, null), os('HV02', 'Windows Server 2022', '10.0 (20348)')], 'any-protocol', [], []],
  ])('%s', (_name, hosts, mode, incomplete, expected) => {
    expect(run(hosts, mode, incomplete)).toEqual(expected);
  });
});

describe('operators', () => {
  const op = (o: Partial<OperatorRecord>): OperatorRecord => ({ input: 'alice', name: 'alice', dn: 'CN=alice,CN=Users,DC=lab,DC=test', userAccountControl: 0x200, protectedVia: null, ...o });
  it.each<[string, OperatorRecord, string[]]>([
    ['an ordinary account', op({}), []],
    ['sensitive and cannot be delegated (0x100000)', op({ userAccountControl: 0x100200 }), ['operator alice is marked "Account is sensitive and cannot be delegated": every migration alice starts fails']],
    ['directly in Protected Users', op({ protectedVia: ['Protected Users'] }), ['operator alice is in Protected Users: every migration alice starts fails']],
    ['in Protected Users through nested groups', op({ protectedVia: ['HV Admins', 'Tier0', 'Protected Users'] }), ['operator alice is in Protected Users (through HV Admins > Tier0): every migration alice starts fails']],
    ['not found', op({ name: null, dn: null, input: 'nobody' }), ['operator nobody was not found in the directory']],
  ])('%s', (_name, record, sentences) => {
    const fs = operatorFindings([record]);
    expect(fs.map(findingSentence)).toEqual(sentences);
    expect(fs.every((f) => f.severity === 'error')).toBe(true);
  });

  it('finds the shortest group chain, whatever the case, and survives a cycle', () => {
    const graph: Record<string, string[]> = {
      'CN=alice': ['CN=A', 'CN=B'],
      'cn=a': ['CN=C'],
      'cn=b': ['CN=Protected Users'],
      'cn=c': ['cn=a', 'CN=Protected Users'],
    };
    const memberOf = (dn: string) => graph[dn] ?? graph[dn.toLowerCase()] ?? [];
    expect(chainTo('CN=alice', 'cn=protected users', memberOf)).toEqual(['CN=B', 'CN=Protected Users']);
    expect(chainTo('CN=alice', 'CN=Nobody', memberOf)).toBeNull();
  });
});

describe('credssp-blocked in a verdict: the same hosts whether the gap is one finding per pair or one per host', () => {
  const at2025 = (name: string, values: string[]): HostRecord => ({ ...host(name, { values }), operatingSystem: 'Windows Server 2025 Datacenter', operatingSystemVersion: '10.0 (26100)' });
  const shortOnly = (peer: string): string[] => valuesFor(peer).filter((v) => !v.includes('.'));
  const blocked = (names: string[]): string[] => {
    const hosts = names.map((n) => at2025(n, names.filter((p) => p !== n).flatMap((p) => (n === 'HV01' ? shortOnly(p) : valuesFor(p)))));
    const v = computeVerdict(hosts, policy({ mode: 'any-protocol' }), MAPPINGS);
    return v.findings.find((f) => f.kind === 'credssp-blocked')?.hosts ?? [];
  };

  it('names the peers HV01 cannot reach, with 2 peers (per pair) and with 3 (missing-for-every-peer)', () => {
    expect(blocked(['HV01', 'HV02', 'HV03'])).toEqual(['HV01', 'HV02', 'HV03']);
    expect(blocked(['HV01', 'HV02', 'HV03', 'HV04'])).toEqual(['HV01', 'HV02', 'HV03', 'HV04']);
  });
});
