import { describe, expect, it } from '@jest/globals';
import { InsufficientAccessError, InvalidCredentialsError, NoSuchObjectError, TypeOrValueExistsError, UnwillingToPerformError } from 'ldapts';
import { mapLdapError } from '../../../src/directory/errors.js';
import { DirectoryRefusal, KcdmeshError } from '../../../src/errors.js';

const ctx = { url: 'ldaps://dc1.lab.test', action: 'modify CN=HV01,DC=lab,DC=test' };
const socketError = (code: string, message = `connect ${code}`): Error => Object.assign(new Error(message), { code });

describe('mapLdapError', () => {
  it.each([
    ['wrong credentials', new InvalidCredentialsError('80090308: LdapErr: DSID-0C090569\nmore'), 49, 'modify CN=HV01,DC=lab,DC=test: wrong user name or password (LDAP 49: 80090308: LdapErr: DSID-0C090569)'],
    ['insufficient access', new InsufficientAccessError('00002098: SecErr'), 50, 'insufficient access (LDAP 50: 00002098: SecErr)'],
    ['no such object', new NoSuchObjectError('0000208D: NameErr'), 32, 'no such object (LDAP 32: 0000208D: NameErr)'],
    ['a changed userAccountControl', new TypeOrValueExistsError('userAccountControl: value exists'), 20, 'userAccountControl was changed by someone else since it was read'],
    ['any other result code', new UnwillingToPerformError('00002035: SvcErr'), 53, 'failed (LDAP 53: 00002035: SvcErr)'],
  ])('turns %s into a directory refusal with its result code', (_label, err, code, message) => {
    const mapped = mapLdapError(err, ctx);
    expect(mapped).toBeInstanceOf(DirectoryRefusal);
    expect(mapped).toMatchObject({ resultCode: code });
    expect(mapped.message).toContain(message);
  });

  it('names the delegation privilege when AD says it is missing', () => {
    expect(mapLdapError(new InsufficientAccessError('00000005: SecErr: SeEnableDelegationPrivilege'), ctx).hint).toContain('needs SeEnableDelegationPrivilege');
    expect(mapLdapError(new InsufficientAccessError('00000005: SecErr'), ctx).hint).toContain('write access to the computer objects');
  });

  it.each([
    ['a refused connection', socketError('ECONNREFUSED'), 'connection to ldaps://dc1.lab.test refused'],
    ['an unknown host', socketError('ENOTFOUND'), 'cannot resolve the host in ldaps://dc1.lab.test'],
    ['an untrusted certificate', socketError('SELF_SIGNED_CERT_IN_CHAIN', 'self-signed certificate in certificate chain'), 'TLS certificate of ldaps://dc1.lab.test not trusted (SELF_SIGNED_CERT_IN_CHAIN'],
    ['a certificate for another name', socketError('ERR_TLS_CERT_ALTNAME_INVALID', "Hostname/IP does not match certificate's altnames"), 'the TLS certificate of ldaps://dc1.lab.test is for another name'],
    ['a lost connection', socketError('ECONNRESET', 'read ECONNRESET'), 'connection to ldaps://dc1.lab.test lost'],
    ['a time-out', new Error('Connection timeout'), 'did not answer in time'],
  ])('turns %s into one line that is not a refusal', (_label, err, message) => {
    const mapped = mapLdapError(err, ctx);
    expect(mapped).toBeInstanceOf(KcdmeshError);
    expect(mapped).not.toBeInstanceOf(DirectoryRefusal);
    expect(mapped.message).toContain(message);
  });

  it('turns the error ldapts gives each pending request when the socket fails into one line: a lost connection', () => {
    // ldapts rejects every request in flight with "Socket error. Message type: ...\n<the socket's message>", no code
    const mapped = mapLdapError(new Error('Socket error. Message type: SearchRequest (0x63)\nread ECONNRESET'), ctx);
    expect(mapped.message).toBe('modify CN=HV01,DC=lab,DC=test: connection to ldaps://dc1.lab.test lost (read ECONNRESET)');
    expect(mapped.hint).toBe('check the DC and the network, then run again');
  });

  it('never gives a message of more than one line', () => {
    expect(mapLdapError(new Error('first\nsecond'), ctx).message).toBe('modify CN=HV01,DC=lab,DC=test failed: first second');
  });

  it('passes a kcdmesh error through, and words anything else', () => {
    const own = new KcdmeshError('x', 'y');
    expect(mapLdapError(own, ctx)).toBe(own);
    expect(mapLdapError('boom', ctx).message).toBe('modify CN=HV01,DC=lab,DC=test failed: boom');
  });
});
