import { describe, expect, it } from '@jest/globals';
import { parseHostNames } from '../../../src/core/names.js';
import { DirectoryRefusal } from '../../../src/errors.js';
import { MemoryDirectory } from '../../../src/directory/memory-directory.js';

const DN = 'CN=HV01,OU=Hyper-V,DC=lab,DC=test';
const lab = (): MemoryDirectory =>
  new MemoryDirectory({
    domain: 'DC=lab,DC=test',
    objects: [
      { dn: DN, sAMAccountName: 'HV01$', dNSHostName: 'hv01.lab.test', userAccountControl: 0x1000, delegateTo: ['cifs/HV02'], servicePrincipalNames: ['HOST/HV01'] },
      { dn: 'CN=FS01,OU=Files,DC=lab,DC=test', objectClass: 'user', sAMAccountName: 'svc-fs', userAccountControl: 0x200, servicePrincipalNames: ['HOST/files'] },
      { dn: 'CN=DC1,OU=Domain Controllers,DC=lab,DC=test', sAMAccountName: 'DC1$', dNSHostName: 'dc1.lab.test', userAccountControl: 0x2000 },
    ],
  });

describe('MemoryDirectory: AD semantics', () => {
  it('finds hosts by either name form, case-insensitively, under the base only', async () => {
    const dir = lab();
    expect((await dir.findHosts(parseHostNames(['hv01']), 'dc=LAB,dc=test')).map((h) => h.name)).toEqual(['HV01']);
    expect((await dir.findHosts(parseHostNames(['HV01.LAB.TEST']), 'DC=lab,DC=test')).map((h) => h.fqdn)).toEqual(['hv01.lab.test']);
    expect(await dir.findHosts(parseHostNames(['HV01']), 'OU=Files,DC=lab,DC=test')).toEqual([]);
  });

  it('finds holders of a value case-insensitively, anything answering for a name, and the writable DCs', async () => {
    const dir = lab();
    expect((await dir.findDelegatingTo(['CIFS/hv02'], 'DC=lab,DC=test')).map((h) => h.name)).toEqual(['HV01']);
    expect((await dir.findNameHolders(parseHostNames(['files']), ['host'], 'DC=lab,DC=test')).map((h) => h.dn)).toEqual(['CN=FS01,OU=Files,DC=lab,DC=test']);
    expect((await dir.readWritableDcs()).map((h) => h.name)).toEqual(['DC1']);
  });

  it('modifies permissively: a present value added or an absent one deleted is no error', async () => {
    const dir = lab();
    await dir.modifyHost({ dn: DN.toLowerCase(), add: ['CIFS/hv02', 'cifs/HV03'], remove: ['http/gone'], uac: null });
    expect(dir.get(DN)!.delegateTo).toEqual(['cifs/HV02', 'cifs/HV03']);
    await dir.modifyHost({ dn: DN, add: [], remove: ['CIFS/HV03'], uac: null });
    expect(dir.get(DN)!.delegateTo).toEqual(['cifs/HV02']);
    expect(dir.stats.modifies).toBe(2);
  });

  it('replaces userAccountControl by delete-old/add-new: a value changed meanwhile is refused, and nothing of the modify is stored', async () => {
    const dir = lab();
    await dir.modifyHost({ dn: DN, add: [], remove: [], uac: { from: 0x1000, to: 0x1001000 } });
    expect(dir.get(DN)!.userAccountControl).toBe(0x1001000);
    const err = await dir.modifyHost({ dn: DN, add: ['cifs/HV09'], remove: [], uac: { from: 0x1000, to: 0x1000 } }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DirectoryRefusal);
    expect(err).toMatchObject({ resultCode: 20, message: `modify ${DN}: userAccountControl was changed by someone else since it was read` });
    expect(dir.get(DN)!.delegateTo).toEqual(['cifs/HV02']);
  });

  it('refuses with result codes: insufficient access (50), no such object (32), over the value limit (11)', async () => {
    const dir = new MemoryDirectory({ domain: 'DC=lab,DC=test', maxValues: 1, objects: [{ dn: DN, sAMAccountName: 'HV01$', userAccountControl: 0x1000, delegateTo: ['cifs/HV02'] }] });
    const code = (p: Promise<void>): Promise<unknown> => p.then(() => null, (e: unknown) => (e instanceof DirectoryRefusal ? e.resultCode : e));
    expect(await code(dir.modifyHost({ dn: 'CN=NOPE,DC=lab,DC=test', add: ['cifs/x'], remove: [], uac: null }))).toBe(32);
    expect(await code(dir.modifyHost({ dn: DN, add: ['cifs/HV03'], remove: [], uac: null }))).toBe(11);
    dir.deny(DN);
    expect(await code(dir.modifyHost({ dn: DN, add: ['cifs/HV03'], remove: [], uac: null }))).toBe(50);
  });
});
