import { findingSentence } from '../../../src/render/sentences.js';
import { describe, expect, it } from '@jest/globals';
import { compareDcViews, replicationFindings } from '../../../src/core/replication.js';
import { dnOf, host } from '../builders.js';

describe('compareDcViews', () => {
  it('is silent when every DC holds the same values and UAC', () => {
    const h = [host('HV01', { values: ['cifs/HV02'] })];
    expect(compareDcViews([{ dc: 'dc1', hosts: h }, { dc: 'dc2', hosts: h }])).toEqual([]);
  });

  it('reports a value that has reached some DCs only, whatever its case on each', () => {
    const views = [
      { dc: 'dc1', hosts: [host('HV01', { values: ['cifs/HV02', 'cifs/hv02.lab.test'] })] },
      { dc: 'dc2', hosts: [host('HV01', { values: ['CIFS/HV02'] })] },
      { dc: 'dc3', hosts: [host('HV01', { values: [] })] },
    ];
    expect(compareDcViews(views).map((d) => [d.host, d.what, d.on, d.missingOn])).toEqual([
      ['HV01', 'cifs/HV02', ['dc1', 'dc2'], ['dc3']],
      ['HV01', 'cifs/hv02.lab.test', ['dc1'], ['dc2', 'dc3']],
    ]);
  });

  it('reports a UAC change that has not replicated, both values named', () => {
    const views = [
      { dc: 'dc1', hosts: [host('HV01', { uac: 0x1001000 })] },
      { dc: 'dc2', hosts: [host('HV01', { uac: 0x1000 })] },
    ];
    expect(compareDcViews(views).map((d) => [d.what, d.on])).toEqual([
      ['userAccountControl 0x1001000', ['dc1']],
      ['userAccountControl 0x1000', ['dc2']],
    ]);
  });

  it('reports a host one DC does not know yet', () => {
    const views = [
      { dc: 'dc1', hosts: [host('HV01', { values: ['cifs/HV02'] })] },
      { dc: 'dc2', hosts: [] },
    ];
    expect(compareDcViews(views).map((d) => [d.what, d.missingOn])).toEqual([
      ['cifs/HV02', ['dc2']],
      ['userAccountControl 0x1000', ['dc2']],
    ]);
  });
});

describe('replicationFindings', () => {
  it('makes one warning per divergence, naming the DCs that have it and those that do not', () => {
    const findings = replicationFindings({
      dcs: ['dc1.lab.test', 'dc2.lab.test'],
      divergences: [{ host: 'HV01', dn: dnOf('HV01'), what: 'cifs/HV02', on: ['dc1.lab.test'], missingOn: ['dc2.lab.test'] }],
      unreachable: [],
    });
    expect(findings).toEqual([{ kind: 'not-replicated', severity: 'error', host: 'HV01', value: 'cifs/HV02', on: ['dc1.lab.test'], missingOn: ['dc2.lab.test'] }]);
    expect(findingSentence(findings[0])).toBe('HV01: cifs/HV02 is on dc1.lab.test but not yet on dc2.lab.test');
  });

  it('says "no DC" for a value no DC holds any more, and nothing when all agree', () => {
    const [f] = replicationFindings({ dcs: ['a', 'b'], divergences: [{ host: 'HV01', dn: dnOf('HV01'), what: 'x', on: [], missingOn: ['a', 'b'] }], unreachable: [] });
    expect(findingSentence(f)).toBe('HV01: x is on no DC but not yet on a, b');
    expect(replicationFindings({ dcs: ['a'], divergences: [], unreachable: [] })).toEqual([]);
  });

  it('names a DC that could not be read: an error, so the verdict is not a pass', () => {
    const findings = replicationFindings({ dcs: ['dc1', 'dc2'], divergences: [], unreachable: [{ dc: 'dc2', reason: 'connection to ldaps://dc2 refused' }] });
    expect(findings).toEqual([{ kind: 'dc-unreachable', severity: 'error', host: 'dc2', detail: 'connection to ldaps://dc2 refused' }]);
    expect(findingSentence(findings[0])).toBe('dc2: could not be read, so what it holds is not checked (connection to ldaps://dc2 refused)');
  });
});
