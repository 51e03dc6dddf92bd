import { describe, expect, it } from '@jest/globals';
import { trustPairs } from '../../../src/core/matrix.js';
import { computePlan } from '../../../src/core/plan.js';
import { MAPPINGS, host, policy } from '../builders.js';

describe('trustPairs', () => {
  it('never pairs a computer with itself when its DN is read in another case (a DN compares case-insensitively)', () => {
    const hv01 = host('HV01');
    const again = { ...hv01, dn: hv01.dn.toUpperCase() };
    const plan = computePlan([hv01, host('HV02'), again], policy(), MAPPINGS);
    const pairs = trustPairs(plan.hosts, plan.edges);
    expect(pairs.filter((p) => p.from === p.to)).toEqual([]);
  });
});
