import { describe, expect, it } from '@jest/globals';
import { offboardTopology, valuesTo } from '../../../src/core/offboard.js';
import { onboardTopology } from '../../../src/core/onboard.js';
import { planTopology } from '../../../src/core/plan.js';
import { MIGRATION, NO_MAPPINGS, host, policy, valuesFor } from '../builders.js';

const SERVICES = ['cifs', MIGRATION];

describe('onboardTopology', () => {
  it('makes the new host and each peer trust each other both ways, the new host reach its storage, and sets the mode of the new host only', () => {
    const [hv03, hv01, hv02, fs01] = ['HV03', 'HV01', 'HV02', 'FS01'].map((n) => host(n));
    const topo = onboardTopology(hv03, [hv01, hv02], [fs01], SERVICES, 'any-protocol');
    expect(topo.edges.map((e) => `${e.from}>${e.to}:${e.services.length}`)).toEqual(['HV03>HV01:2', 'HV01>HV03:2', 'HV03>HV02:2', 'HV02>HV03:2', 'HV03>FS01:1']);
    expect(topo.members.map((m) => m.name)).toEqual(['HV03', 'HV01', 'HV02']);
    expect([...topo.modes.values()]).toEqual(['any-protocol', null, null]);
    const plan = planTopology(topo, policy({ mode: 'any-protocol' }), NO_MAPPINGS);
    expect(plan.hosts.map((h) => [h.host, h.uac !== null])).toEqual([['HV03', true], ['HV01', false], ['HV02', false]]);
    expect(plan.hosts[1].add).toEqual(valuesFor('HV03'));
  });
});

describe('offboardTopology', () => {
  it('removes the leaving host from every holder, in any spelling, and keeps their other values and flags', () => {
    const hv03 = host('HV03');
    const hv01 = host('HV01', { values: [...valuesFor('HV02'), 'CIFS/HV03', `${MIGRATION}/hv03.lab.test`, 'http/HV03'] });
    const topo = offboardTopology(hv03, [hv01], [], SERVICES);
    expect(topo.members.map((m) => m.name)).toEqual(['HV01']);
    const plan = planTopology(topo, policy(), NO_MAPPINGS);
    expect(plan.hosts).toEqual([expect.objectContaining({ host: 'HV01', add: [], remove: ['CIFS/HV03', `${MIGRATION}/hv03.lab.test`], uac: null })]);
  });

  it('drops the leaving host\'s own values it is given, and touches nothing else of it', () => {
    const hv03 = host('HV03', { values: ['cifs/HV01', 'cifs/FS01'] });
    const topo = offboardTopology(hv03, [], ['cifs/HV01'], SERVICES);
    expect(planTopology(topo, policy(), NO_MAPPINGS).hosts).toEqual([expect.objectContaining({ host: 'HV03', add: [], remove: ['cifs/HV01'], uac: null })]);
  });

  it('names both forms of the host for every managed service', () => {
    expect(valuesTo(host('HV03'), SERVICES)).toEqual(valuesFor('HV03'));
  });
});
