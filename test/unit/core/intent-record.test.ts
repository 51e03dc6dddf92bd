import { describe, expect, it } from '@jest/globals';
import { formatLine, hostsToConsider, outcomeOfFailure, parseIntentRecord, settleByReading, type HostIntent } from '../../../src/core/intent-record.js';

const header = { backup: 'kcdmesh-apply-x.json', command: 'apply', dc: 'ldaps://dc1', baseDn: 'DC=lab,DC=test', createdAt: '2026-01-01T00:00:00Z' };
const h = (n: string, add = [`cifs/${n}`], remove: string[] = [], uac: HostIntent['uac'] = null): HostIntent => ({ dn: `CN=${n},CN=Computers,DC=lab,DC=test`, host: n, add, remove, uac });
const head = formatLine({ type: 'run', kind: 'kcdmesh-intent', formatVersion: 1, ...header });
const intent = (x: HostIntent): string => formatLine({ type: 'intent', time: 't', ...x });
const outcome = (dn: string, o: 'written' | 'not-written' | 'unknown'): string => formatLine({ type: 'outcome', dn, outcome: o, how: 'answer', time: 't' });

describe('parseIntentRecord', () => {
  it('pairs intents with outcomes; a host without an outcome is unknown', () => {
    const [a, b, c, d] = ['HV1', 'HV2', 'HV3', 'HV4'].map((n) => h(n));
    const text = head + intent(a) + outcome(a.dn, 'written') + intent(b) + outcome(b.dn, 'not-written') + intent(c) + outcome(c.dn, 'unknown') + intent(d);
    const s = parseIntentRecord(text)!;
    expect(s.hosts.map((x) => [x.intent.host, x.outcome])).toEqual([['HV1', 'written'], ['HV2', 'not-written'], ['HV3', 'unknown'], ['HV4', 'unknown']]);
    expect(hostsToConsider(s).map((x) => x.host)).toEqual(['HV1', 'HV3', 'HV4']);
    expect(s.problems).toEqual([]);
  });
  it('takes the last outcome (a later re-read settles an unknown one)', () => {
    const a = h('HV1');
    const s = parseIntentRecord(head + intent(a) + outcome(a.dn, 'unknown') + outcome(a.dn.toUpperCase(), 'not-written'))!;
    expect(s.hosts[0].outcome).toBe('not-written');
    expect(hostsToConsider(s)).toEqual([]);
  });
  it('reports a torn last line, a stray outcome and an invalid intent, and keeps the rest', () => {
    const a = h('HV1');
    const s = parseIntentRecord(head + intent(a) + outcome('CN=X', 'written') + '{"type":"intent","dn":"CN=Y","host":"Y","add":"cifs/Z"}\n' + '{"type":"outc')!;
    expect(s.hosts).toHaveLength(1);
    expect(s.problems).toEqual(['line 5: cut short (the run ended while writing it)', 'CN=X: an outcome without an intent', 'an unusable line of type "intent"']);
  });
  it('is null without a valid header', () => {
    expect(parseIntentRecord('')).toBeNull();
    expect(parseIntentRecord(intent(h('HV1')))).toBeNull();
    expect(parseIntentRecord(head.replace('"formatVersion":1', '"formatVersion":9'))).toBeNull();
  });
});

describe('settleByReading', () => {
  const i = h('HV1', ['cifs/HV2', 'cifs/hv2.lab.test'], ['cifs/OLD'], { from: 0x1000, to: 0x1001000 });
  it('written when all of the intent holds, in any case and spacing', () => {
    expect(settleByReading(i, { delegateTo: ['CIFS/hv2', ' cifs/HV2.LAB.TEST', 'cifs/other'], userAccountControl: 0x1001000 })).toBe('written');
  });
  it('not written when none of it does', () => {
    expect(settleByReading(i, { delegateTo: ['cifs/OLD'], userAccountControl: 0x1000 })).toBe('not-written');
  });
  it('unknown when only part holds (another writer in between)', () => {
    expect(settleByReading(i, { delegateTo: ['cifs/HV2', 'cifs/OLD'], userAccountControl: 0x1000 })).toBe('unknown');
    expect(settleByReading(i, { delegateTo: ['cifs/HV2', 'cifs/hv2.lab.test'], userAccountControl: 0x1000 })).toBe('unknown');
  });
});

describe('outcomeOfFailure', () => {
  it('an LDAP result means not written; a timeout or a reset leaves it unknown', () => {
    expect(outcomeOfFailure(Object.assign(new Error('insufficient access'), { code: 50 }))).toBe('not-written');
    expect(outcomeOfFailure(new Error('Operation timed out'))).toBe('unknown');
    expect(outcomeOfFailure(Object.assign(new Error('reset'), { code: 'ECONNRESET' }))).toBe('unknown');
    expect(outcomeOfFailure(null)).toBe('unknown');
  });
});
