import { describe, expect, it } from '@jest/globals';
import { prunable, pruneCandidates } from '../../../src/core/prune.js';
import { MIGRATION, host } from '../builders.js';

describe('pruneCandidates', () => {
  it('offers managed two-part values the topology no longer wants, whatever their case, with their target', () => {
    const h = host('HV01', { values: ['cifs/HV02', 'CIFS/HV03', `${MIGRATION}/hv03.lab.test`, 'http/web01', 'cifs/dc1.lab.test/lab.test'] });
    expect(pruneCandidates(h, ['cifs/hv02'], ['cifs', MIGRATION])).toEqual([
      { value: 'CIFS/HV03', target: 'HV03' },
      { value: `${MIGRATION}/hv03.lab.test`, target: 'hv03.lab.test' },
    ]);
  });

  it('offers nothing when every value is wanted', () => {
    expect(pruneCandidates(host('HV01', { values: ['cifs/HV02'] }), ['cifs/HV02'], ['cifs'])).toEqual([]);
  });
});

describe('prunable', () => {
  it.each([
    ['hyper-v', true],
    ['gone', true],
    ['storage', false],
    ['other', false],
  ] as const)('%s -> %s', (kind, expected) => {
    expect(prunable(kind)).toBe(expected);
  });
});
