import { describe, expect, it } from '@jest/globals';
import { computeRollbackPlan, restoredUac, runEffects } from '../../../src/core/rollback.js';
import type { Plan } from '../../../src/core/types.js';
import { UAC } from '../../../src/core/uac.js';
import { MEMBER_UAC, dnOf, host } from '../builders.js';

const T2A = UAC.TRUSTED_TO_AUTH_FOR_DELEGATION;
const run: Plan = {
  mode: 'kerberos-only',
  services: ['cifs'],
  edges: [],
  pairCount: 0,
  warnings: [],
  hosts: [
    { host: 'HV01', dn: dnOf('HV01'), current: ['cifs/OLD'], add: ['cifs/HV02'], remove: ['cifs/OLD'], unmanaged: [], uac: { from: MEMBER_UAC | T2A, to: MEMBER_UAC }, planned: [] },
    { host: 'HV02', dn: dnOf('HV02'), current: [], add: [], remove: [], unmanaged: [], uac: null, planned: [] },
  ],
};

describe('runEffects', () => {
  it('keeps the hosts the run changed, with what it did', () => {
    expect(runEffects(run)).toEqual([{ dn: dnOf('HV01'), name: 'HV01', added: ['cifs/HV02'], removed: ['cifs/OLD'], uac: run.hosts[0].uac }]);
  });
});

describe('restoredUac', () => {
  it('puts back a bit the run flipped while it still holds the run\'s value', () => {
    expect(restoredUac(MEMBER_UAC, { from: MEMBER_UAC | T2A, to: MEMBER_UAC })).toBe(MEMBER_UAC | T2A);
  });

  it('leaves a bit someone changed since, and bits the run did not touch', () => {
    expect(restoredUac(MEMBER_UAC | T2A | UAC.ACCOUNTDISABLE, { from: MEMBER_UAC | T2A, to: MEMBER_UAC })).toBe(MEMBER_UAC | T2A | UAC.ACCOUNTDISABLE);
  });

  it('never puts back unconstrained delegation', () => {
    expect(restoredUac(MEMBER_UAC, { from: MEMBER_UAC | UAC.TRUSTED_FOR_DELEGATION, to: MEMBER_UAC })).toBe(MEMBER_UAC);
  });
});

describe('computeRollbackPlan', () => {
  it('removes what the run added (stored spelling), adds back what it removed, restores its flags, and skips hosts gone', () => {
    const now = [host('HV01', { values: ['CIFS/hv02', 'http/later'], dn: dnOf('HV01').toLowerCase() })];
    const plan = computeRollbackPlan(runEffects(run), now, run);
    expect(plan.hosts).toEqual([{ host: 'HV01', dn: dnOf('HV01').toLowerCase(), current: ['CIFS/hv02', 'http/later'], add: ['cifs/OLD'], remove: ['CIFS/hv02'], unmanaged: ['http/later'], uac: { from: MEMBER_UAC, to: MEMBER_UAC | T2A }, planned: [] }]);
    expect(computeRollbackPlan(runEffects(run), [], run).hosts).toEqual([]);
  });
});
