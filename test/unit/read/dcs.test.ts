import { describe, expect, it } from '@jest/globals';
import { DcNameError } from '../../../src/directory/dc-name-error.js';
import { mapLdapError } from '../../../src/directory/errors.js';
import { KcdmeshError } from '../../../src/errors.js';
import { fromDirectoryName } from '../../../src/read/dcs.js';

const ctx = { url: 'ldaps://dc2.lab.test', action: 'connect to ldaps://dc2.lab.test' };
const socketError = (code: string): Error => Object.assign(new Error(`getaddrinfo ${code} dc2.lab.test`), { code });

describe('a DC name that came from the directory', () => {
  it.each(['ENOTFOUND', 'EAI_AGAIN'])('%s: says the name is the DC\'s dNSHostName and to make it resolve, not to change --url', (code) => {
    const given = mapLdapError(socketError(code), ctx);
    expect(given).toBeInstanceOf(DcNameError);
    expect(given.hint).toContain('--url'); // a name the user typed: the fix is in --url
    const e = fromDirectoryName(given, 'dc2.lab.test') as KcdmeshError;
    expect(e.message).toBe("cannot resolve dc2.lab.test, a writable DC of the domain (dc2.lab.test is the DC's dNSHostName attribute in the directory, not a name given on the command line)");
    expect(e.hint).toBe("make dc2.lab.test resolve from this machine (a DNS record, or a hosts entry), or correct the DC's dNSHostName");
    expect(e.hint).not.toContain('--url');
  });

  it('a certificate for another name: asks for a certificate whose SAN holds the dNSHostName', () => {
    const given = mapLdapError(Object.assign(new Error("Hostname/IP does not match certificate's altnames"), { code: 'ERR_TLS_CERT_ALTNAME_INVALID' }), ctx);
    const e = fromDirectoryName(given, 'dc2.lab.test') as KcdmeshError;
    expect(e.message).toContain('the TLS certificate of dc2.lab.test does not list that name');
    expect(e.message).toContain("the DC's dNSHostName attribute in the directory");
    expect(e.hint).toBe('give dc2.lab.test an LDAPS certificate whose subject alternative names hold dc2.lab.test');
  });

  it('leaves any other error as it is', () => {
    const refused = mapLdapError(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }), ctx);
    expect(fromDirectoryName(refused, 'dc2.lab.test')).toBe(refused);
  });
});
