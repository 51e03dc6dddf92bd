import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULTS } from '../../../src/config/options.js';
import { resolveOptions, type RawFlags } from '../../../src/config/resolve.js';
import { UsageError } from '../../../src/errors.js';

const BASE: RawFlags = { output: 'text', verbose: 0, services: DEFAULTS.services, mode: DEFAULTS.mode, maxValues: DEFAULTS.maxValues, parallel: DEFAULTS.parallel, timeout: DEFAULTS.timeoutSeconds };
/** Commander's view of where each value came from: the keys given are from the command line. */
const fromCli = (...keys: string[]) => (key: string): string => (keys.includes(key) ? 'cli' : 'default');

let dir: string;
let config: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'kcdmesh-resolve-'));
  config = join(dir, 'mesh.yaml');
  await writeFile(config, [
    'connection:',
    '  url: ldaps://from-config.lab.test',
    '  user: config@lab.test',
    '  searchBase: OU=Hyper-V,DC=lab,DC=test',
    '  timeout: 7',
    'groups:',
    '  - name: g1',
    '    hosts: [HV01, HV02]',
  ].join('\n'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('resolveOptions: flags, then environment, then config file, then defaults', () => {
  it('takes URL and user from the environment when no flag gives them', async () => {
    const o = await resolveOptions('plan', ['HV01', 'HV02'], BASE, fromCli(), { KCDMESH_URL: 'ldaps://dc2.lab.test', KCDMESH_USER: 'LAB\\admin' });
    expect(o.connection).toMatchObject({ url: 'ldaps://dc2.lab.test', user: 'LAB\\admin', timeout: 30 });
    expect(o.source).toEqual({ kind: 'hosts', selection: { names: ['HV01', 'HV02'], discover: false, forWrite: true }, policy: { services: DEFAULTS.services, mode: 'kerberos-only', maxValues: 1200 } });
  });

  it('KCDMESH_AUTH and KCDMESH_DOMAIN; --domain beats a URL from the environment, and any URL beats KCDMESH_DOMAIN', async () => {
    const env = { KCDMESH_AUTH: 'kerberos', KCDMESH_URL: 'ldap://from-env.lab.test', KCDMESH_DOMAIN: 'env.test' };
    expect((await resolveOptions('plan', ['HV01'], BASE, fromCli(), env)).connection).toMatchObject({ auth: 'kerberos', url: 'ldap://from-env.lab.test', domain: undefined });
    expect((await resolveOptions('plan', ['HV01'], { ...BASE, domain: 'flag.test' }, fromCli('domain'), env)).connection).toMatchObject({ url: undefined, domain: 'flag.test' });
    expect((await resolveOptions('plan', ['HV01'], { ...BASE, auth: 'simple' }, fromCli('auth'), { KCDMESH_DOMAIN: 'env.test' })).connection).toMatchObject({ auth: 'simple', url: undefined, domain: 'env.test' });
  });

  it('prefers a flag to the environment, and the environment to the config file', async () => {
    const env = { KCDMESH_URL: 'ldaps://from-env.lab.test' };
    const viaEnv = await resolveOptions('verify', [], { ...BASE, config }, fromCli('config'), env);
    expect(viaEnv.connection).toMatchObject({ url: 'ldaps://from-env.lab.test', user: 'config@lab.test', timeout: 7 });
    expect(viaEnv.searchBase).toBe('OU=Hyper-V,DC=lab,DC=test');
    const viaFlag = await resolveOptions('verify', [], { ...BASE, config, url: 'ldaps://from-flag.lab.test', timeout: 9 }, fromCli('config', 'url', 'timeout'), env);
    expect(viaFlag.connection).toMatchObject({ url: 'ldaps://from-flag.lab.test', timeout: 9 });
    expect(viaFlag.source).toMatchObject({ kind: 'config', prune: false, forWrite: false });
  });

  it('puts backups and the change log where the flag, the environment or the default says', async () => {
    expect((await resolveOptions('apply', ['HV01'], BASE, fromCli(), {})).write.safety).toEqual({ backupDir: 'kcdmesh-backups', changeLog: join('kcdmesh-backups', 'changes.log'), logFile: null, keyFile: null });
    expect((await resolveOptions('apply', ['HV01'], BASE, fromCli(), { KCDMESH_BACKUP_DIR: '/b', KCDMESH_BACKUP_KEY_FILE: '/k' })).write.safety).toEqual({ backupDir: '/b', changeLog: join('/b', 'changes.log'), logFile: null, keyFile: '/k' });
  });

  it('reads an operator named by --operator and in the config once', async () => {
    const withOps = join(dir, 'ops.yaml');
    await writeFile(withOps, 'operators: [alice, carol]\ngroups:\n  - name: g1\n    hosts: [HV01, HV02]\n');
    const o = await resolveOptions('verify', [], { ...BASE, config: withOps, operator: ['ALICE', 'bob'] }, fromCli('config', 'operator'), {});
    expect(o.operators).toEqual(['alice', 'bob', 'carol']);
  });

  it.each([
    ['--prune without --config', 'plan', { prune: true }, [], '--prune works with --config'],
    ['policy flags with --config', 'plan', { config: 'x.yaml' }, ['services', 'mode'], '--services, --mode cannot be combined with --config'],
    ['--group without --config', 'onboard', { group: ['g1'] }, [], '--group works with --config'],
    ['an output the command does not write', 'apply', { output: 'junit' }, [], '--output junit is not available for apply'],
  ] as const)('refuses %s', async (_label, command, extra, cli, message) => {
    const p = resolveOptions(command, [], { ...BASE, ...extra } as RawFlags, fromCli(...cli), {});
    await expect(p).rejects.toThrow(UsageError);
    await expect(resolveOptions(command, [], { ...BASE, ...extra } as RawFlags, fromCli(...cli), {})).rejects.toThrow(message);
  });
});
