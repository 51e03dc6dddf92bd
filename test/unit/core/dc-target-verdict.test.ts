import { describe, expect, it } from '@jest/globals';
import { groupsTopology } from '../../../src/core/groups.js';
import { dnKey } from '../../../src/core/keys.js';
import { planTopology } from '../../../src/core/plan.js';
import { meshTopology } from '../../../src/core/topology.js';
import type { HostRecord } from '../../../src/core/types.js';
import { verdictFromPlan, type VerdictContext } from '../../../src/core/verdict.js';
import { MAPPINGS, MIGRATION, configuredMesh, host, policy } from '../builders.js';

// The verdict looks at a host's wanted values for a DC only when a host of the verdict is a DC by
// name: a wanted value names a peer, so otherwise only the values the plan removes or leaves alone can
// name one. These cases are those where a wanted value does name a DC, and those where it cannot.
const dcHits = (hosts: readonly HostRecord[], plan: ReturnType<typeof planTopology>, dcs: VerdictContext['dcs']): string[][] =>
  verdictFromPlan(plan, hosts, { enforceMode: true, dcs, operators: [] }).findings
    .filter((f) => f.kind === 'delegates-to-dc')
    .map((f) => [f.host, f.value ?? '']);

describe('delegation to a DC, wherever the value comes from', () => {
  it('a storage target that is a DC (its FQDN stored in another case, with a blank): the cifs values every host wants are critical', () => {
    const [a, b] = configuredMesh(['HV01', 'HV02']);
    const dc = host('DC1', { fqdn: 'DC1.Lab.Test', values: [] });
    a.delegateTo.push('cifs/DC1', 'cifs/DC1.Lab.Test');
    const topo = groupsTopology([{ name: 'g', mode: 'kerberos-only', hosts: [a, b], storage: [dc] }], policy().services);
    const plan = planTopology(topo, policy(), MAPPINGS);
    expect(plan.hosts[0].add).toEqual([]);
    expect(dcHits([a, b, dc], plan, [{ name: 'DC1 ', fqdn: 'dc1.lab.test ' }])).toEqual([
      ['HV01', 'cifs/DC1'], ['HV01', 'cifs/DC1.Lab.Test'],
    ]);
  });

  it('a mesh member that is a DC, its FQDN the DC\'s (another name): its peers\' wanted values by that FQDN are critical', () => {
    const hosts = configuredMesh(['HV01', 'HV02']);
    expect(dcHits(hosts, planTopology(meshTopology(hosts, policy().services, 'kerberos-only'), policy(), MAPPINGS), [{ name: 'OTHER', fqdn: ' HV02.LAB.TEST' }])).toEqual([
      ['HV01', 'cifs/hv02.lab.test'], ['HV01', `${MIGRATION}/hv02.lab.test`],
    ]);
  });

  it('no mesh host is a DC: a value left alone, one the plan removes, and every value of a host outside the plan are still looked at', () => {
    const hosts = configuredMesh(['HV01', 'HV02', 'HV03']);
    hosts[0].delegateTo.push(' LDAP/Dc1.Lab.Test ', 'cifs/dc1');
    hosts[1].delegateTo.push('HOST/DC1');
    const topo = meshTopology(hosts.slice(0, 2), policy().services, 'kerberos-only');
    topo.removals.set(dnKey(hosts[0]), ['CIFS/DC1 ']);
    const outside = host('HV09', { values: ['cifs/dc1.lab.test'] });
    const plan = planTopology(topo, policy(), MAPPINGS);
    expect(plan.hosts[0].remove).toEqual(['cifs/dc1']);
    expect(dcHits([...hosts, outside], plan, [{ name: 'DC1', fqdn: 'dc1.lab.test' }])).toEqual([
      ['HV01', ' LDAP/Dc1.Lab.Test '], ['HV01', 'cifs/dc1'], ['HV02', 'HOST/DC1'], ['HV09', 'cifs/dc1.lab.test'],
    ]);
  });
});
