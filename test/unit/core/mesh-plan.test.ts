import { describe, expect, it } from '@jest/globals';
import { planTopology } from '../../../src/core/plan.js';
import { meshEdges, meshTopology, pairCount, type Topology } from '../../../src/core/topology.js';
import type { HostRecord, Plan } from '../../../src/core/types.js';
import { verdictFromPlan } from '../../../src/core/verdict.js';
import { MAPPINGS, MIGRATION, configuredMesh, dnOf, fqdnOf, host, policy, valuesFor } from '../builders.js';

// A mesh is planned from its hosts, not from its N^2 edges. These tests pin that the plan is the one the
// edges give, and that a clean mesh is planned and verified without its edges ever being made.

/** The same mesh as a list of edges: the way every other topology is planned. */
const asListed = (t: Topology): Topology => ({ members: t.members, edges: meshEdges(t.members, policy().services), removals: t.removals, modes: t.modes });

/** A plan with its edges read (the getter of a mesh's plan made into data), for comparing whole plans. */
const data = (p: Plan): Plan => ({ ...p, edges: [...p.edges] });

/** Meshes that hold a bit of everything: complete, empty, partial, odd spellings, foreign values, duplicates. */
function meshes(): HostRecord[][] {
  const clean = configuredMesh(['HV01', 'HV02', 'HV03', 'HV04']);
  const odd = configuredMesh(['HV01', 'HV02', 'HV03']);
  odd[0].delegateTo.reverse(); // another order: not as kcdmesh writes it
  odd[1].delegateTo.splice(1, 1, ' CIFS/HV01.LAB.TEST ', 'cifs/hv01', 'ldap/dc1.lab.test'); // case, blanks, a duplicate, a foreign value
  odd[2].delegateTo.splice(0, 4); // nothing towards HV01
  const empty = ['HV01', 'HV02', 'HV03'].map((n) => host(n));
  const noFqdn = [host('HV01', { fqdn: null, values: valuesFor('HV02') }), host('HV02', { values: ['cifs/HV01', `${MIGRATION}/HV01`] })];
  return [clean, odd, empty, noFqdn, [host('HV01')], []];
}

describe('a mesh planned from its hosts', () => {
  it('gives the plan its edges give, for complete, empty, partial and oddly spelt meshes', () => {
    for (const hosts of meshes()) {
      const topo = meshTopology(hosts, policy().services, 'kerberos-only');
      expect(topo.mesh).toBeDefined();
      expect(data(planTopology(topo, policy(), MAPPINGS))).toEqual(data(planTopology(asListed(topo), policy(), MAPPINGS)));
    }
  });

  it('plans and verifies a complete mesh without making its edges, and counts its pairs', () => {
    const hosts = configuredMesh(['HV01', 'HV02', 'HV03', 'HV04', 'HV05']);
    const topo = meshTopology(hosts, policy().services, 'kerberos-only');
    const noEdges: Topology = {
      ...topo,
      get edges(): never {
        throw new Error('the edges were made');
      },
    };
    const plan = planTopology(noEdges, policy(), MAPPINGS);
    const v = verdictFromPlan(plan, hosts, { enforceMode: true, dcs: [], operators: [] });
    expect(v.ok).toBe(true);
    expect(v.pairCounts).toEqual({ planned: 20, complete: 20, partial: 0, none: 0, undelegable: 0 });
    expect(plan.pairCount).toBe(20);
    expect(() => plan.edges).toThrow('the edges were made'); // read only when listed
  });

  it('lists its edges when asked, once, in the order every host delegates', () => {
    const topo = meshTopology(configuredMesh(['HV01', 'HV02', 'HV03']), policy().services, 'kerberos-only');
    expect(topo.edges.map((e) => `${e.from}>${e.to}`)).toEqual(['HV01>HV02', 'HV01>HV03', 'HV02>HV01', 'HV02>HV03', 'HV03>HV01', 'HV03>HV02']);
    expect(topo.edges).toBe(topo.edges);
    expect(pairCount(topo)).toBe(6);
  });

  it('two records with one DN are planned from the edges, as before: no pair between them', () => {
    const a = host('HV01');
    const twin = { ...host('hv01', { values: [] }), dn: dnOf('HV01').toUpperCase() };
    const b = host('HV02', { values: [`cifs/${fqdnOf('HV01')}`] });
    const topo = meshTopology([a, twin, b], policy().services, 'kerberos-only');
    expect(topo.mesh).toBeUndefined();
    expect(pairCount(topo)).toBe(4);
    const plan = planTopology(topo, policy(), MAPPINGS);
    expect(plan.pairCount).toBe(4);
    expect(plan.edges.map((e) => `${e.from}>${e.to}`)).toEqual(['HV01>HV02', 'hv01>HV02', 'HV02>HV01', 'HV02>hv01']);
  });
});
