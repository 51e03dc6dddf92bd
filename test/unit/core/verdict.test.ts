import { describe, expect, it } from '@jest/globals';
import { computeVerdict, withFindings } from '../../../src/core/verdict.js';
import { MAPPINGS, configuredMesh, policy } from '../builders.js';

describe('when verify passes', () => {
  it('a complete mesh near the value budget passes, with the warning shown', () => {
    const v = computeVerdict(configuredMesh(['HV01', 'HV02', 'HV03']), { ...policy(), maxValues: 10 }, MAPPINGS);
    expect(v.findings.map((f) => [f.kind, f.severity])).toEqual([['value-budget', 'warning'], ['value-budget', 'warning'], ['value-budget', 'warning']]);
    expect(v.ok).toBe(true);
  });

  it('over the budget it fails', () => {
    const v = computeVerdict(configuredMesh(['HV01', 'HV02', 'HV03']), { ...policy(), maxValues: 7 }, MAPPINGS);
    expect(v.ok).toBe(false);
  });

  it('a finding from a wider read (replication) fails a clean verdict', () => {
    const v = computeVerdict(configuredMesh(['HV01', 'HV02']), policy(), MAPPINGS);
    expect(v.ok).toBe(true);
    const more = withFindings(v, [{ kind: 'not-replicated', severity: 'error', host: 'HV01', value: 'x', on: ['dc1'], missingOn: ['dc2'] }]);
    expect([more.ok, more.findings.length]).toEqual([false, 1]);
  });
});
