import { describe, expect, it } from '@jest/globals';
import { compareDcViews } from '../../src/core/replication.js';
import { dcUrl } from '../../src/read/replication.js';
import { host } from './builders.js';

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

describe('dcUrl', () => {
  it('keeps the scheme and port of the URL given', () => {
    expect(dcUrl('ldaps://dc1.lab.test', 'DC2.lab.test')).toBe('ldaps://DC2.lab.test');
    expect(dcUrl('ldap://10.1.2.3:3389', 'dc2.lab.test')).toBe('ldap://dc2.lab.test:3389');
  });
});
