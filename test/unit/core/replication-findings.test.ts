import { describe, expect, it } from '@jest/globals';
import { replicationFindings } from '../../../src/core/replication.js';
import { dnOf } from '../builders.js';

describe('replicationFindings', () => {
  it('makes one warning per divergence, naming the DCs that have it and those that do not', () => {
    const findings = replicationFindings({
      dcs: ['dc1.lab.test', 'dc2.lab.test'],
      divergences: [{ host: 'HV01', dn: dnOf('HV01'), what: 'cifs/HV02', on: ['dc1.lab.test'], missingOn: ['dc2.lab.test'] }],
    });
    expect(findings).toEqual([{ kind: 'not-replicated', severity: 'warning', host: 'HV01', value: 'cifs/HV02', message: 'HV01: cifs/HV02 is on dc1.lab.test but not yet on dc2.lab.test' }]);
  });

  it('says "no DC" for a value no DC holds any more, and nothing when all agree', () => {
    const [f] = replicationFindings({ dcs: ['a', 'b'], divergences: [{ host: 'HV01', dn: dnOf('HV01'), what: 'x', on: [], missingOn: ['a', 'b'] }] });
    expect(f.message).toBe('HV01: x is on no DC but not yet on a, b');
    expect(replicationFindings({ dcs: ['a'], divergences: [] })).toEqual([]);
  });
});
