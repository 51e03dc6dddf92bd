import { describe, expect, it } from '@jest/globals';
import { UAC, currentMode, desiredUac, isDomainController } from '../../../src/core/uac.js';

const MEMBER = 0x1000; // WORKSTATION_TRUST_ACCOUNT
const T2A4D = UAC.TRUSTED_TO_AUTH_FOR_DELEGATION; // 0x1000000
const UNCONSTRAINED = UAC.TRUSTED_FOR_DELEGATION; // 0x80000

describe('desiredUac', () => {
  it.each([
    ['kerberos-only', MEMBER, MEMBER],
    ['kerberos-only', MEMBER | T2A4D, MEMBER],
    ['kerberos-only', MEMBER | UNCONSTRAINED, MEMBER],
    ['kerberos-only', MEMBER | UNCONSTRAINED | T2A4D, MEMBER],
    ['any-protocol', MEMBER, MEMBER | T2A4D],
    ['any-protocol', MEMBER | T2A4D, MEMBER | T2A4D],
    ['any-protocol', MEMBER | UNCONSTRAINED, MEMBER | T2A4D],
    ['any-protocol', MEMBER | UNCONSTRAINED | T2A4D, MEMBER | T2A4D],
  ] as const)('%s: uac %d becomes %d', (mode, from, to) => {
    expect(desiredUac(from, mode)).toBe(to);
  });

  it.each(['kerberos-only', 'any-protocol'] as const)('%s keeps every unrelated bit (disabled, not delegated, high bits)', (mode) => {
    const other = MEMBER | UAC.ACCOUNTDISABLE | UAC.NOT_DELEGATED | 0x80000000;
    expect((desiredUac(other | UNCONSTRAINED, mode) & ~T2A4D) >>> 0).toBe(other >>> 0);
  });

  it('returns an unsigned integer when the top bit is set', () => {
    expect(desiredUac(0x80001000, 'any-protocol')).toBe(0x81001000);
  });
});

describe('isDomainController', () => {
  it.each([
    ['a writable DC (SERVER_TRUST_ACCOUNT 0x2000)', 0x2000 | UAC.TRUSTED_FOR_DELEGATION, true],
    ['a read-only DC (0x1000 | PARTIAL_SECRETS_ACCOUNT 0x4000000)', 0x1000 | 0x4000000, true],
    ['a member computer', MEMBER, false],
    ['a member with protocol transition', MEMBER | T2A4D, false],
    ['a disabled member', MEMBER | UAC.ACCOUNTDISABLE, false],
  ])('%s (uac %d): domain controller = %s', (_label, uac, dc) => {
    expect(isDomainController(uac)).toBe(dc);
  });
});

describe('currentMode', () => {
  it.each([
    [MEMBER, 0, 'none'],
    [MEMBER, 4, 'kerberos-only'],
    [MEMBER | T2A4D, 4, 'any-protocol'],
    [MEMBER | T2A4D, 0, 'any-protocol'],
    [MEMBER | UNCONSTRAINED, 0, 'unconstrained'],
    [MEMBER | UNCONSTRAINED | T2A4D, 4, 'unconstrained'],
  ])('uac %d with %i values is %s', (uac, count, mode) => {
    expect(currentMode(uac, count)).toBe(mode);
  });
});
