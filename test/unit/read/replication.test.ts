import { describe, expect, it } from '@jest/globals';
import { dcUrl } from '../../../src/read/replication.js';

describe('dcUrl', () => {
  it('keeps the scheme and port of the URL given', () => {
    expect(dcUrl('ldaps://dc1.lab.test', 'DC2.lab.test')).toBe('ldaps://DC2.lab.test');
    expect(dcUrl('ldap://10.1.2.3:3389', 'dc2.lab.test')).toBe('ldap://dc2.lab.test:3389');
  });
});
