import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from '@jest/globals';
import { cli, createHosts, dc, fingerprint, setUac } from '../lab/lab.js';
import { labUser, type LabUser } from '../lab/users.js';

/**
 * The catalogue of bad input. Each case: exit 1, a one-line error naming the problem, a hint
 * (kcdmesh's `  hint:` line, or commander's usage pointer for flag errors), no stack trace, and
 * the directory unchanged: every computer's delegation values and UAC are compared before and after.
 */
const HOSTS = ['BAD01', 'BAD02', 'BAD03'];
const tmp = mkdtempSync(join(tmpdir(), 'kcdmesh-bad-'));
const file = (name: string, text: string | Buffer): string => {
  const path = join(tmp, name);
  writeFileSync(path, text, { mode: 0o600 });
  return path;
};

interface Case {
  /** A function where the arguments name something made in beforeAll. */
  args: string[] | (() => string[]);
  message: RegExp;
  env?: Record<string, string | undefined>;
}

const as = (user: LabUser): Record<string, string> => ({ KCDMESH_USER: labUser(user).upn, KCDMESH_PASSWORD: labUser(user).password });
let goodBackup = '';
const fifo = join(tmp, 'fifo');
const bigConfig = join(tmp, 'big.yaml');
const openDir = join(tmp, 'open');

const cases: Array<[string, Case]> = [
  ['unknown host name', { args: ['apply', 'BAD01', 'BAD02', 'NOSUCH01', '--yes'], message: /no computer named "NOSUCH01" in the directory/ }],
  ['unknown FQDN', { args: ['apply', 'BAD01', 'nosuch.lab.test', '--yes'], message: /no computer named "nosuch.lab.test"/ }],
  ['duplicate host name', { args: ['apply', 'BAD01', 'BAD02', 'bad01', '--yes'], message: /host "bad01" is listed twice \(also as "BAD01"\)/ }],
  ['one host by two names', { args: ['apply', 'BAD01', 'BAD02', 'bad02.lab.test', '--yes'], message: /"bad02.lab.test" and "BAD02" are the same computer/ }],
  ['ambiguous FQDN', { args: ['apply', 'BAD01', 'dup.lab.test', '--yes'], message: /"dup.lab.test" is ambiguous: it matches CN=BADDUPA.* and CN=BADDUPB/ }],
  ['name with *', { args: ['apply', 'BAD01', 'BAD*', '--yes'], message: /invalid host name "BAD\*"/ }],
  ['name with (', { args: ['apply', 'BAD01', 'BAD(02', '--yes'], message: /invalid host name "BAD\(02"/ }],
  ['name with )', { args: ['apply', 'BAD01', 'BAD02)(cn=*', '--yes'], message: /invalid host name "BAD02\)\(cn=\*"/ }],
  ['name with \\', { args: ['apply', 'BAD01', 'BAD\\02', '--yes'], message: /invalid host name "BAD\\\\02"/ }],
  ['name with NUL', { args: ['apply', 'BAD01', 'BAD\u000002', '--yes'], message: /invalid host name "BAD\\u000002"/ }],
  ['name with a space', { args: ['apply', 'BAD01', 'BAD 02', '--yes'], message: /invalid host name "BAD 02"/ }],
  ['one host only', { args: ['apply', 'BAD01', '--yes'], message: /a mesh needs at least two hosts, got only BAD01/ }],
  ['empty host list', { args: ['apply', '--yes'], message: /no hosts given/ }],
  ['empty --hosts', { args: ['plan', '--hosts', ','], message: /no hosts given/ }],
  ['a domain controller', { args: ['apply', 'BAD01', 'DC1', '--yes'], message: /DC1 is a domain controller/ }],
  ['a disabled computer', { args: ['apply', 'BAD01', 'BADOFF', '--yes'], message: /BADOFF's computer account is disabled/ }],
  ['names and --discover', { args: ['apply', 'BAD01', '--discover', '--yes'], message: /both host names and --discover given/ }],
  ['malformed URL', { args: ['plan', ...HOSTS, '--url', 'ldaps//dc1'], message: /malformed URL "ldaps\/\/dc1"/ }],
  ['URL with a path', { args: ['plan', ...HOSTS, '--url', 'ldaps://dc1.lab.test/DC=lab,DC=test'], message: /has more than scheme, host and port/ }],
  ['unsupported scheme', { args: ['plan', ...HOSTS, '--url', 'https://dc1.lab.test'], message: /unsupported URL scheme "https:"/ }],
  ['nothing listening', { args: ['plan', ...HOSTS, '--url', 'ldaps://127.0.0.1:1'], message: /connection to ldaps:\/\/127.0.0.1:1 refused/ }],
  ['plain ldap:// without --starttls', { args: ['apply', ...HOSTS, '--yes', '--url', 'ldap://127.0.0.1'], message: /refusing to send a password over plain ldap:\/\/127.0.0.1/ }],
  ['--starttls with ldaps://', { args: ['plan', ...HOSTS, '--starttls'], message: /--starttls goes with ldap:\/\/ URLs/ }],
  ['untrusted CA', { args: ['apply', ...HOSTS, '--yes'], env: { KCDMESH_CA_FILE: undefined }, message: /TLS certificate of ldaps:\/\/\S+ not trusted/ }],
  ['certificate for another name', { args: ['apply', ...HOSTS, '--yes', '--url', `ldaps://[::ffff:${dc().SAMBA_DC_IP}]`], message: /TLS certificate of .* is for another name/ }],
  ['CA file missing', { args: ['plan', ...HOSTS, '--ca-file', join(tmp, 'nope.pem')], message: /cannot read CA file .*nope.pem \(no such file or directory, ENOENT\)/ }],
  ['CA file not PEM', { args: ['plan', ...HOSTS, '--ca-file', file('ca.txt', 'not a certificate\n')], message: /holds no PEM certificate/ }],
  ['wrong password', { args: ['apply', ...HOSTS, '--yes'], env: { KCDMESH_PASSWORD: 'wrong-Passw0rd' }, message: /wrong user name or password \(LDAP 49/ }],
  ['unknown user', { args: ['apply', ...HOSTS, '--yes'], env: { KCDMESH_USER: 'nobody@LAB.TEST' }, message: /bind as nobody@LAB.TEST: wrong user name or password/ }],
  ['user without write access', { args: ['apply', ...HOSTS, '--yes'], env: as('kcd-privonly'), message: /insufficient access \(LDAP 50: .*has no write property access/ }],
  ['write access without SeEnableDelegationPrivilege', { args: ['apply', ...HOSTS, '--yes'], env: as('kcd-writer'), message: /cannot be created or changed without SePrivEnableDelegation/ }],
  ['missing password file', { args: ['plan', ...HOSTS, '--password-file', join(tmp, 'nope')], message: /cannot read password file .*nope \(no such file or directory, ENOENT\)/ }],
  ['empty password file', { args: ['plan', ...HOSTS, '--password-file', file('empty', '')], message: /password file .*empty is empty/ }],
  ['unreadable password file', { args: ['plan', ...HOSTS, '--password-file', tmp], message: /cannot read password file .*: it is a directory, not a regular file/ }],
  ['no password and no terminal', { args: ['plan', ...HOSTS], env: { KCDMESH_PASSWORD: undefined }, message: /no password for Administrator@LAB.TEST/ }],
  ['--password on the command line', { args: ['plan', ...HOSTS, '--password', 'x'], message: /--password is not accepted/ }],
  ['no URL', { args: ['plan', ...HOSTS], env: { KCDMESH_URL: undefined }, message: /no domain controller given/ }],
  ['no user', { args: ['plan', ...HOSTS], env: { KCDMESH_USER: undefined }, message: /no user given/ }],
  ['invalid --mode', { args: ['apply', ...HOSTS, '--yes', '--mode', 'unconstrained'], message: /option '--mode <mode>' argument 'unconstrained' is invalid/ }],
  ['--services with a /', { args: ['apply', ...HOSTS, '--yes', '--services', 'cifs/BAD02'], message: /"cifs\/BAD02" is not a service class/ }],
  ['--services empty', { args: ['apply', ...HOSTS, '--yes', '--services', ''], message: /empty service name/ }],
  ['--services with a newline', { args: ['apply', ...HOSTS, '--yes', '--services', 'cifs\nldap'], message: /"cifs\\nldap" is not a service class: has a control character/ }],
  ['--services with ESC', { args: ['apply', ...HOSTS, '--yes', '--services', 'cifs,\u001b[2Jldap'], message: /"\\u001b\[2Jldap" is not a service class: has a control character/ }],
  ['--services with a tab inside', { args: ['apply', ...HOSTS, '--yes', '--services', 'Microsoft\tVirtual'], message: /is not a service class: has a control character/ }],
  ['config service with a newline', { args: ['apply', '--yes', '--config', file('nl.json', JSON.stringify({ services: ['cifs\nldap'], groups: [{ name: 'g', hosts: HOSTS }] }))], message: /nl.json: services\[0\]: not a service class: has a control character/ }],
  ['config service with non-ASCII', { args: ['apply', '--yes', '--config', file('uni.json', JSON.stringify({ services: ['ci\u200bfs'], groups: [{ name: 'g', hosts: HOSTS }] }))], message: /uni.json: services\[0\]: not a service class: only letters, digits/ }],
  ['dNSHostName with ESC and CR', { args: ['apply', 'BAD01', 'BADESC', '--yes'], message: /BADESC \(CN=BADESC,[^)]*\) has a name or dNSHostName that is not a DNS name: "badesc\\u001b\[2J\\r.lab.test"/ }],
  ['invalid --output', { args: ['plan', ...HOSTS, '--output', 'xml'], message: /option '-o, --output <format>' argument 'xml' is invalid/ }],
  ['--max-values not a number', { args: ['plan', ...HOSTS, '--max-values', 'lots'], message: /argument 'lots' is invalid. expected a whole number/ }],
  ['--timeout 0', { args: ['plan', ...HOSTS, '--timeout', '0'], message: /argument '0' is invalid/ }],
  ['unknown option', { args: ['apply', ...HOSTS, '--force'], message: /unknown option '--force'/ }],
  ['value budget exceeded', { args: ['apply', ...HOSTS, '--yes', '--max-values', '7'], message: /BAD01 would hold 8 delegation values, over the limit of 7/ }],
  ['backup directory not writable', { args: ['apply', ...HOSTS, '--yes', '--backup-dir', '/etc/hostname/backups'], message: /cannot write the backup directory \/etc\/hostname\/backups .*nothing was written to the directory/ }],
  ['change log not writable', { args: ['apply', ...HOSTS, '--yes', '--change-log', '/etc/hostname/changes.log'], message: /refusing to write the change log \/etc\/hostname\/changes.log: \/etc\/hostname is a regular file, not a directory; nothing was written to the directory/ }],
  ['log file not writable', { args: ['plan', ...HOSTS, '--log-file', '/etc/hostname/kcdmesh.log'], message: /cannot write the log file \/etc\/hostname\/kcdmesh.log \(part of the path is not a directory/ }],
  ['offboard of a domain controller', { args: ['offboard', 'DC1', '--yes'], message: /DC1 is a domain controller/ }],
  ['onboard without peers and without a terminal', { args: ['onboard', 'BAD01', '--yes'], message: /onboard BAD01 needs --peers/ }],
  ['apply without a terminal and without --yes', { args: ['apply', ...HOSTS], message: /apply needs a confirmation and there is no terminal to ask on/ }],
  ['rollback of a missing backup', { args: ['rollback', join(tmp, 'nope.json'), '--yes'], message: /cannot read backup .*nope.json \(no such file or directory, ENOENT\)/ }],
  ['corrupted backup', { args: ['rollback', file('corrupt.json', '{"kind": "kcdmesh-backup", '), '--yes'], message: /is not a usable kcdmesh backup: no checksum line/ }],
  ['tampered backup', { args: () => ['rollback', goodBackup.replace(/\.json$/, '.tampered.json'), '--yes'], message: /is not a usable kcdmesh backup: checksum mismatch/ }],
  ['FIFO as --config', { args: () => ['plan', '--config', fifo], message: /cannot read config .*fifo: it is a FIFO \(named pipe\), not a regular file/ }],
  ['FIFO as --password-file', { args: () => ['plan', ...HOSTS, '--password-file', fifo], message: /cannot read password file .*fifo: it is a FIFO/ }],
  ['FIFO as --ca-file', { args: () => ['plan', ...HOSTS, '--ca-file', fifo], message: /cannot read CA file .*fifo: it is a FIFO/ }],
  ['FIFO as a backup', { args: () => ['rollback', fifo, '--yes'], message: /cannot read backup .*fifo: it is a FIFO/ }],
  ['/dev/zero as --config', { args: ['plan', '--config', '/dev/zero'], message: /cannot read config \/dev\/zero: it is a character device, not a regular file/ }],
  ['/dev/zero as --password-file', { args: ['plan', ...HOSTS, '--password-file', '/dev/zero'], message: /cannot read password file \/dev\/zero: it is a character device/ }],
  ['a 5 MB config', { args: () => ['plan', '--config', bigConfig], message: /config .*big.yaml is larger than 4 MiB/ }],
  ['a config in Latin-1', { args: ['plan', '--config', file('latin1.yaml', Buffer.from('groups:\n  - name: caf\xe9\n', 'latin1'))], message: /cannot read config .*latin1.yaml: not valid UTF-8/ }],
  ['a config in UTF-16 without BOM', { args: ['plan', '--config', file('u16.yaml', Buffer.from('groups: []\n', 'utf16le'))], message: /cannot read config .*u16.yaml: looks like UTF-16 without a byte-order mark/ }],
  ['--change-log /dev/full', { args: ['apply', ...HOSTS, '--yes', '--change-log', '/dev/full'], message: /refusing to write the change log \/dev\/full: it is a character device, not a regular file; nothing was written to the directory/ }],
  ['FIFO as --change-log', { args: () => ['apply', ...HOSTS, '--yes', '--change-log', fifo], message: /refusing to write the change log .*fifo: it is a FIFO \(named pipe\)/ }],
  ['FIFO as --log-file', { args: () => ['plan', ...HOSTS, '--log-file', fifo], message: /refusing to write the log file .*fifo: it is a FIFO \(named pipe\)/ }],
  ['FIFO as --report', { args: () => ['verify', ...HOSTS, '--report', fifo], message: /refusing to write the report .*fifo: it is a FIFO \(named pipe\)/ }],
  ['backup directory every user can write', { args: () => ['apply', ...HOSTS, '--yes', '--backup-dir', join(openDir, 'b')], message: /is writable by every user, so another user could replace what kcdmesh writes/ }],
  ['--backup-dir empty', { args: ['apply', ...HOSTS, '--yes', '--backup-dir', ''], message: /--backup-dir is empty/ }],
  ['--log-file empty', { args: ['plan', ...HOSTS, '--log-file', ''], message: /--log-file is empty/ }],
  ['--log-file on /proc', { args: ['plan', ...HOSTS, '--log-file', '/proc/self/status'], message: /refusing to write the log file \/proc\/self\/status: it is on \/proc, a kernel file system/ }],
  ['--domain of 300 characters', { args: ['plan', ...HOSTS, '--domain', `${'a'.repeat(296)}.com`], message: /--domain "a{80}\.\.\." is not a DNS domain name: 300 characters, more than the 253/ }],
  ['--domain -x', { args: ['plan', ...HOSTS, '--domain', '-x'], message: /--domain "-x" is not a DNS domain name: the label "-x" starts or ends with "-"/ }],
  ['onboard with itself among its peers', { args: ['onboard', 'BAD03', '--yes', '--peers', 'BAD01,BAD03'], message: /BAD03 cannot be its own peer\n/ }],
  ['onboard with itself among its peers by its FQDN', { args: ['onboard', 'BAD03', '--yes', '--peers', 'BAD01,bad03.lab.test'], message: /BAD03 cannot be its own peer \(--peers names it as "bad03.lab.test"\)/ }],
  ['config services cifs and CIFS', { args: ['apply', '--yes', '--config', file('twice.json', JSON.stringify({ services: ['cifs', 'CIFS'], groups: [{ name: 'g', hosts: HOSTS }] }))], message: /twice.json: services\[1\]: service "CIFS" is listed twice \(also as "cifs"\)/ }],
  ['config network with nine IPv6 groups', { args: ['plan', '--output', 'hyperv', '--config', file('v6.json', JSON.stringify({ groups: [{ name: 'g', hosts: HOSTS }], migration: { networks: ['1:2:3:4:5:6:7:8:9/64'] } }))], message: /v6.json: migration.networks\[0\]: expected a subnet such as 192.168.10.0\/24 or fd00:10::\/64: not an IPv6 address/ }],
  ['rollback without a terminal and without --yes', { args: () => ['rollback', goodBackup], message: /rollback needs a confirmation and there is no terminal/ }],
];

beforeAll(async () => {
  execFileSync('mkfifo', [fifo]);
  mkdirSync(openDir, { mode: 0o777 });
  chmodSync(openDir, 0o777);
  writeFileSync(bigConfig, `groups:\n${'  - {name: g, hosts: [A, B]}\n'.repeat(200_000)}`);
  await createHosts(HOSTS);
  await createHosts(['BADOFF'], { uac: 0x1000 | 0x2 });
  await createHosts(['BADESC'], { fqdn: 'badesc\u001b[2J\r.lab.test', spns: ['HOST/BADESC'] });
  await createHosts(['BADDUPA'], { fqdn: 'dup.lab.test' });
  await createHosts(['BADDUPB'], { fqdn: 'dup.lab.test', spns: [] }); // a stale object after a rejoin
  // A real backup, and a copy with one value changed by hand.
  const applied = await cli(['apply', 'BADDUPA', 'BAD03', '--yes', '--backup-dir', tmp]);
  goodBackup = /kcdmesh: backup: (\S+)/.exec(applied.stderr)![1];
  writeFileSync(goodBackup.replace(/\.json$/, '.tampered.json'), readFileSync(goodBackup, 'utf8').replace('"cifs/BAD03"', '"cifs/BAD99"'));
  await setUac('BAD03', 0x1000);
});

describe('bad input is refused with one line, a hint, exit 1, and nothing written', () => {
  it('has at least 30 cases', () => expect(cases.length).toBeGreaterThanOrEqual(30));

  it.each(cases)('%s', async (_name, c) => {
    const before = await fingerprint();
    const r = await cli(typeof c.args === 'function' ? c.args() : c.args, { env: c.env });
    expect(r.code).toBe(1);
    // stderr ends with the error, one line, and the hint (or commander's pointer to the usage).
    expect(r.stderr).toMatch(/(^|\n)(kcdmesh: )?error: [^\n]+\n( {2}hint: \S[^\n]*|\(run kcdmesh help <command> for usage\))\n$/);
    const last = r.stderr.slice(r.stderr.lastIndexOf('error: '));
    expect(last).toMatch(c.message);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    // Nothing a terminal acts on reaches it: no raw ESC or CR.
    expect(r.stderr).not.toMatch(/[\u001b\r]/);
    expect(await fingerprint()).toBe(before);
  });
});
