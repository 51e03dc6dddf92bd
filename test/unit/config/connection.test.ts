import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inspect } from 'node:util';
import { parseUrl, resolveConnection, type ConnectionEnv, type ConnectionFlags } from '../../../src/config/connection.js';
import { UsageError } from '../../../src/errors.js';

const PASSWORD = 'S3cret-Pa55!';

/** The error a promise rejects with, to assert its class and message from one call. */
const failure = (p: Promise<unknown>): Promise<unknown> => p.then(() => undefined, (err: unknown) => err);

describe('parseUrl', () => {
  it.each([
    ['ldaps://dc1.lab.test', false, 'ldaps://dc1.lab.test'],
    ['ldaps://dc1.lab.test/', false, 'ldaps://dc1.lab.test'],
    ['ldaps://dc1.lab.test:3269', false, 'ldaps://dc1.lab.test:3269'],
    ['ldap://dc1.lab.test', true, 'ldap://dc1.lab.test'],
    ['ldap://[::1]:389', true, 'ldap://[::1]:389'],
  ])('reads %j (starttls %s) as %j', (raw, starttls, url) => {
    expect(parseUrl(raw, starttls)).toBe(url);
  });

  it.each([
    ['a name without scheme', 'dc1.lab.test', false, 'malformed URL "dc1.lab.test"'],
    ['a blank in the host', 'ldaps://dc1 .lab.test', false, 'malformed URL'],
    ['no host', 'ldaps://', false, 'no host in URL "ldaps://"'],
    ['https', 'https://dc1.lab.test', false, 'unsupported URL scheme "https:"'],
    ['ldapi', 'ldapi://%2Frun%2Fslapd', false, 'unsupported URL scheme "ldapi:"'],
    ['a base DN as path', 'ldaps://dc1.lab.test/DC=lab,DC=test', false, 'has more than scheme, host and port'],
    ['a query', 'ldaps://dc1.lab.test?sub', false, 'has more than scheme, host and port'],
    ['credentials', 'ldaps://admin:pw@dc1.lab.test', false, 'has more than scheme, host and port'],
    ['starttls with ldaps', 'ldaps://dc1.lab.test', true, '--starttls goes with ldap:// URLs, not ldaps://'],
  ])('refuses %s', (_label, raw, starttls, message) => {
    expect(() => parseUrl(raw, starttls)).toThrow(UsageError);
    expect(() => parseUrl(raw, starttls)).toThrow(message);
  });

  it.each([
    ['ldaps://Administrator:S3cret!pw@dc1.lab.test', 'URL "ldaps://***@dc1.lab.test" has more than'],
    ['ldaps://a:S3cret/pw@x@dc1.lab.test', 'URL "ldaps://***@dc1.lab.test"'],
    ['admin:S3cret!pw@dc1 bad', 'in "***@dc1 bad"'],
  ])('never shows credentials written into the URL %#', (raw, message) => {
    expect(() => parseUrl(raw, false)).toThrow(message);
    expect(() => parseUrl(raw, false)).not.toThrow(/S3cret/);
  });
});

describe('resolveConnection', () => {
  let dir: string;
  const file = (name: string): string => join(dir, name);

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'kcdmesh-unit-'));
    await writeFile(file('lf'), `${PASSWORD}\n`, { mode: 0o600 });
    await writeFile(file('crlf'), `${PASSWORD}\r\n`, { mode: 0o600 });
    await writeFile(file('bare'), PASSWORD, { mode: 0o600 });
    await writeFile(file('two-lines'), `${PASSWORD}\nthe second line is a comment\n`, { mode: 0o600 });
    await writeFile(file('empty'), '', { mode: 0o600 });
    await writeFile(file('newline-only'), '\n', { mode: 0o600 });
  });

  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  const FLAGS: ConnectionFlags = { url: 'ldaps://dc1.lab.test', user: 'admin@lab.test' };

  function setup(env: NodeJS.ProcessEnv = {}, askPassword: ConnectionEnv['askPassword'] = null) {
    const warnings: string[] = [];
    const asked: string[] = [];
    const ask = askPassword && (async (prompt: string) => {
      asked.push(prompt);
      return askPassword(prompt);
    });
    return { ctx: { env, askPassword: ask, warn: (m: string) => warnings.push(m) }, warnings, asked };
  }

  it('takes the password from KCDMESH_PASSWORD', async () => {
    const { ctx, warnings } = setup({ KCDMESH_PASSWORD: PASSWORD });
    const c = await resolveConnection(FLAGS, ctx);
    expect(c.password.reveal()).toBe(PASSWORD);
    expect(c).toMatchObject({ url: 'ldaps://dc1.lab.test', user: 'admin@lab.test', starttls: false, allowPlaintext: false, tlsInsecure: false, caPem: null, timeoutMs: 30000 });
    expect(warnings).toEqual([]);
  });

  it.each(['lf', 'crlf', 'bare', 'two-lines'])('reads the first line of the password file (%s), before the environment', async (name) => {
    const { ctx } = setup({ KCDMESH_PASSWORD: 'from-env' });
    const c = await resolveConnection({ ...FLAGS, passwordFile: file(name) }, ctx);
    expect(c.password.reveal()).toBe(PASSWORD);
  });

  it.each([
    ['an empty file', 'empty', 'is empty'],
    ['a file with only a newline', 'newline-only', 'is empty'],
    ['a missing file', 'absent', '(no such file or directory, ENOENT)'],
  ])('refuses %s', async (_label, name, message) => {
    const { ctx } = setup({ KCDMESH_PASSWORD: PASSWORD });
    const err = await failure(resolveConnection({ ...FLAGS, passwordFile: file(name) }, ctx));
    expect(err).toBeInstanceOf(UsageError);
    expect((err as Error).message).toContain(message);
  });

  it('asks on the terminal when there is one and no other source', async () => {
    const { ctx, asked } = setup({}, async () => PASSWORD);
    const c = await resolveConnection(FLAGS, ctx);
    expect(c.password.reveal()).toBe(PASSWORD);
    expect(asked).toEqual(['Password for admin@lab.test:']);
  });

  it.each([
    ['no password source and no terminal', {}, null, 'no password for admin@lab.test'],
    ['an empty answer at the prompt', {}, async () => '', 'empty password for admin@lab.test'],
    ['an empty KCDMESH_PASSWORD and no terminal', { KCDMESH_PASSWORD: '' }, null, 'no password for admin@lab.test'],
  ] as Array<[string, NodeJS.ProcessEnv, ConnectionEnv['askPassword'], string]>)('refuses %s', async (_label, env, ask, message) => {
    const { ctx } = setup(env, ask);
    const err = await failure(resolveConnection(FLAGS, ctx));
    expect(err).toBeInstanceOf(UsageError);
    expect((err as Error).message).toBe(message);
  });

  it.each([
    ['no URL', { user: 'admin@lab.test' }, 'no domain controller given'],
    ['no user', { url: 'ldaps://dc1.lab.test' }, 'no user given'],
  ])('refuses %s', async (_label, flags, message) => {
    const { ctx } = setup({ KCDMESH_PASSWORD: PASSWORD });
    const err = await failure(resolveConnection(flags, ctx));
    expect(err).toBeInstanceOf(UsageError);
    expect((err as Error).message).toBe(message);
  });

  it('refuses plain ldap:// without StartTLS', async () => {
    const { ctx } = setup({ KCDMESH_PASSWORD: PASSWORD });
    const err = await failure(resolveConnection({ ...FLAGS, url: 'ldap://dc1.lab.test' }, ctx));
    expect(err).toBeInstanceOf(UsageError);
    expect((err as Error).message).toBe('refusing to send a password over plain ldap://dc1.lab.test');
  });

  it('accepts ldap:// with StartTLS, without a warning', async () => {
    const { ctx, warnings } = setup({ KCDMESH_PASSWORD: PASSWORD });
    const c = await resolveConnection({ ...FLAGS, url: 'ldap://dc1.lab.test', starttls: true }, ctx);
    expect(c).toMatchObject({ starttls: true, allowPlaintext: false });
    expect(warnings).toEqual([]);
  });

  it('accepts plain ldap:// with --insecure-plaintext, and warns', async () => {
    const { ctx, warnings } = setup({ KCDMESH_PASSWORD: PASSWORD });
    const c = await resolveConnection({ ...FLAGS, url: 'ldap://dc1.lab.test', insecurePlaintext: true }, ctx);
    expect(c.allowPlaintext).toBe(true);
    expect(warnings).toEqual(['WARNING: --insecure-plaintext: the password is sent unencrypted to the DC']);
  });

  it('never shows the password when the connection is printed, logged or serialised', async () => {
    const { ctx } = setup({ KCDMESH_PASSWORD: PASSWORD });
    const c = await resolveConnection(FLAGS, ctx);
    const views = [String(c.password), `${c.password}`, JSON.stringify(c), JSON.stringify(c.password), inspect(c), inspect(c.password), inspect(c, { showHidden: true, depth: 5 })];
    for (const view of views) expect(view).not.toContain(PASSWORD);
    expect(JSON.parse(JSON.stringify(c)).password).toBe('***');
    expect(inspect(c.password)).toBe('Secret(***)');
  });
});
