import { describe, expect, it } from '@jest/globals';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { UsageError } from '../../../src/errors.js';
import { createLogger } from '../../../src/ui/logger.js';
import { hyperV, memoryLab, runWith } from './memory-cli.js';

/**
 * Bad input found by an attacker's pass, by class: empty or unusable paths, names that are no
 * names, a host in two roles that exclude each other, a list naming one thing twice in two
 * spellings. Each is refused with exit 1, one error line and a hint, before any modify and
 * before any file is written.
 */
const tmp = mkdtempSync(join(tmpdir(), 'kcdmesh-badin-'));
const file = (name: string, text: string): string => {
  const path = join(tmp, name);
  writeFileSync(path, text, { mode: 0o600 });
  return path;
};
const config = (doc: object): string => file(`c${Math.random().toString(36).slice(2)}.json`, JSON.stringify(doc));
const HOSTS = ['HV01', 'HV02', 'HV03'];
const longDomain = `${'a'.repeat(60)}.`.repeat(5) + 'com';

/** 'late': only the directory can tell (a name's other form), so the refusal comes after reading, still before any modify. */
const cases: Array<[string, string[], RegExp, 'late'?]> = [
  // Empty or unusable paths: never "the current directory", never "no file".
  ['--backup-dir ""', ['apply', ...HOSTS, '--yes', '--backup-dir', ''], /^--backup-dir is empty$/],
  ['--change-log ""', ['apply', ...HOSTS, '--yes', '--change-log', ''], /^--change-log is empty$/],
  ['--log-file ""', ['plan', ...HOSTS, '--log-file', ''], /^--log-file is empty$/],
  ['--log-file of blanks', ['plan', ...HOSTS, '--log-file', '  '], /^--log-file is empty$/],
  ['--report ""', ['verify', ...HOSTS, '--report', ''], /^--report is empty$/],
  ['--config ""', ['plan', '--config', ''], /^--config is empty$/],
  ['--ca-file ""', ['plan', ...HOSTS, '--ca-file', ''], /^--ca-file is empty$/],
  ['--password-file ""', ['plan', ...HOSTS, '--password-file', ''], /^--password-file is empty$/],
  ['--backup-dir "" on rollback', ['rollback', join(tmp, 'b.json'), '--yes', '--backup-dir', ''], /^--backup-dir is empty$/],
  ['--url ""', ['plan', ...HOSTS, '--url', ''], /^--url is empty$/],
  ['--user ""', ['plan', ...HOSTS, '--user', ' '], /^--user is empty$/],
  ['--search-base ""', ['plan', ...HOSTS, '--search-base', ''], /^--search-base "" is not a DN$/],
  ['--search-base not a DN', ['plan', ...HOSTS, '--search-base', 'Hyper-V'], /^--search-base "Hyper-V" is not a DN$/],
  ['an empty backup file', ['rollback', '', '--yes'], /^the backup file is empty$/],
  ['--log-file on /proc', ['plan', ...HOSTS, '--log-file', '/proc/self/status'], /^refusing to write the log file \/proc\/self\/status: it is on \/proc, a kernel file system/],
  ['--change-log on /proc', ['apply', ...HOSTS, '--yes', '--change-log', '/proc/self/status'], /^refusing to write the change log (in )?\/proc\/self/, 'late'],
  // Names: the same rules whatever else is given.
  ['--domain of 300 characters', ['plan', ...HOSTS, '--domain', longDomain], /^--domain "a{60}\.a{19}\.\.\." is not a DNS domain name: 308 characters, more than the 253/],
  ['--domain "-x"', ['plan', ...HOSTS, '--domain', '-x'], /^--domain "-x" is not a DNS domain name: the label "-x" starts or ends with "-"/],
  ['--domain with a label of 64', ['plan', ...HOSTS, '--domain', `${'b'.repeat(64)}.test`], /is not a DNS domain name: a label of 64 characters, more than 63/],
  ['--domain with --url as well', ['plan', ...HOSTS, '--url', 'ldaps://dc1.lab.test', '--domain', 'lab_test'], /^--domain "lab_test" is not a DNS domain name: only letters, digits/],
  ['--domain with an ESC', ['plan', ...HOSTS, '--domain', 'lab\u001b[2J.test'], /^--domain "lab\\u001b\[2J.test" is not a DNS domain name/],
  ['--dc of 16 characters', ['plan', ...HOSTS, '--dc', 'ABCDEFGHIJKLMNOP'], /option '--dc <name>' argument 'ABCDEFGHIJKLMNOP' is invalid/],
  ['--dc with a filter character', ['plan', ...HOSTS, '--dc', 'dc1)(cn=*'], /option '--dc <name>' argument 'dc1\)\(cn=\*' is invalid/],
  ['--hosts of 16 characters with --discover', ['plan', '--discover', '--hosts', 'ABCDEFGHIJKLMNOP'], /^invalid host name "ABCDEFGHIJKLMNOP"/],
  ['--peers with a bad name', ['onboard', 'HV03', '--yes', '--peers', 'HV01,HV*'], /^invalid host name "HV\*"/],
  ['offboard of a bad name', ['offboard', 'HV 03', '--yes'], /^invalid host name "HV 03"/],
  ['onboard of a name of 16', ['onboard', 'ABCDEFGHIJKLMNOP', '--yes', '--peers', 'HV01'], /^invalid host name "ABCDEFGHIJKLMNOP"/],
  // One host in two roles.
  ['onboard HV03 --peers HV03', ['onboard', 'HV03', '--yes', '--peers', 'HV01,HV03'], /^HV03 cannot be its own peer$/],
  ['onboard HV03 --peers hv03', ['onboard', 'HV03', '--yes', '--peers', 'hv03'], /^HV03 cannot be its own peer \(--peers names it as "hv03"\)$/],
  ['onboard HV03 --peers by its FQDN', ['onboard', 'HV03', '--yes', '--peers', 'HV01,hv03.lab.test'], /^HV03 cannot be its own peer \(--peers names it as "hv03.lab.test"\)$/, 'late'],
  // Lists that name one thing twice.
  ['--services cifs,CIFS', ['apply', ...HOSTS, '--yes', '--services', 'cifs,CIFS'], /service "CIFS" is listed twice \(also as "cifs"\)/],
  ['--peers HV01,hv01', ['onboard', 'HV03', '--yes', '--peers', 'HV01,hv01'], /^host "hv01" is listed twice \(also as "HV01"\)/],
  ['--operator alice --operator ALICE', ['verify', ...HOSTS, '--operator', 'alice', '--operator', 'ALICE'], /^operator "ALICE" is listed twice in --operator \(also as "alice"\)$/],
  ['a config with services cifs and CIFS', ['apply', '--yes', '--config', config({ services: ['cifs', 'CIFS'], groups: [{ name: 'g', hosts: HOSTS }] })], /services\[1\]: service "CIFS" is listed twice \(also as "cifs"\)$/],
];

describe('bad input in-process: one line, a hint, exit 1, no modify, no file; names and paths before any search', () => {
  // Rows have 3 or 4 items: a rest parameter, so jest never takes the 4th for a done callback.
  it.each(cases)('%s', async (...[, args, message, when]) => {
    const dir = memoryLab([...HOSTS, 'FS01']);
    const backups = mkdtempSync(join(tmpdir(), 'kcdmesh-badin-b-'));
    const cwdBefore = readdirSync(process.cwd());
    const r = await runWith(dir, args, undefined, backups);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/(^|\n)(kcdmesh: )?error: [^\n]+\n( {2}hint: \S[^\n]*|\(run kcdmesh help <command> for usage\))\n$/);
    const last = r.stderr.slice(r.stderr.lastIndexOf('error: ') + 'error: '.length).split('\n')[0];
    expect(last).toMatch(message);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(dir.stats.modifies).toBe(0);
    if (when !== 'late') expect(dir.stats.searches).toBe(0);
    expect(readdirSync(backups)).toEqual([]);
    expect(readdirSync(process.cwd())).toEqual(cwdBefore);
  });

  it('onboard into a group whose storage is the host itself is refused', async () => {
    const dir = memoryLab(HOSTS);
    dir.put(hyperV('FS01'));
    const cfg = config({ groups: [{ name: 'g', hosts: ['HV01', 'HV02'], storage: ['HV03'] }] });
    const r = await runWith(dir, ['onboard', 'HV03', '--yes', '--config', cfg, '--group', 'g']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/error: HV03 is a storage target of the chosen group, so it cannot join it as a Hyper-V host\n {2}hint: /);
    expect(dir.stats.modifies).toBe(0);
  });

  it('--group g --group G names one group twice', async () => {
    const dir = memoryLab(HOSTS);
    const cfg = config({ groups: [{ name: 'g', hosts: ['HV01', 'HV02'] }] });
    const r = await runWith(dir, ['onboard', 'HV03', '--yes', '--config', cfg, '--group', 'g,G']);
    expect(r.stderr).toMatch(/error: group "G" is listed twice in --group \(also as "g"\)\n {2}hint: list each group once\n$/);
    expect([r.code, dir.stats.modifies]).toEqual([1, 0]);
  });

  it('an empty KCDMESH_BACKUP_DIR is an unset one: backups go to the default, never the current directory', async () => {
    const { resolveOptions } = await import('../../../src/config/resolve.js');
    const { DEFAULTS } = await import('../../../src/config/options.js');
    const o = await resolveOptions('apply', ['HV01', 'HV02'], { output: 'text', verbose: 0, services: DEFAULTS.services, mode: DEFAULTS.mode, maxValues: DEFAULTS.maxValues, parallel: DEFAULTS.parallel }, () => 'default', { KCDMESH_BACKUP_DIR: '' });
    expect(o.write.safety.backupDir).toBe(DEFAULTS.backupDir);
  });

  it('a bad KCDMESH_DOMAIN is refused as --domain is', async () => {
    const { resolveOptions } = await import('../../../src/config/resolve.js');
    const { DEFAULTS } = await import('../../../src/config/options.js');
    const flags = { output: 'text' as const, verbose: 0, services: DEFAULTS.services, mode: DEFAULTS.mode, maxValues: DEFAULTS.maxValues, parallel: DEFAULTS.parallel };
    await expect(resolveOptions('plan', ['HV01'], flags, () => 'default', { KCDMESH_DOMAIN: '-lab.test' })).rejects.toThrow('KCDMESH_DOMAIN "-lab.test" is not a DNS domain name');
  });
});

describe('the log file', () => {
  it('is written line by line while the run goes', async () => {
    const path = join(tmp, 'run.log');
    const log = await createLogger({ write: () => undefined }, 0, path);
    log.info('first');
    log.debug('second');
    expect(readFileSync(path, 'utf8')).toMatch(/^\S+ info first\n\S+ debug second\n$/);
  });

  it('that stops taking lines is said once on stderr, with the reason, not lost in silence', async () => {
    const path = join(tmp, 'gone.log');
    let err = '';
    const log = await createLogger({ write: (s) => { err += s; } }, 0, path);
    log.info('one');
    unlinkSync(path);
    mkdirSync(path); // the path is now a directory: every later append fails
    log.info('two');
    log.warn('three');
    const warnings = err.split('\n').filter((l) => l.includes('log file'));
    expect(warnings).toEqual([expect.stringMatching(new RegExp(`^kcdmesh: warn: the log file ${path} refused a line \\(.*\\); the rest of this run is not in it$`))]);
    expect(err).toContain('kcdmesh: two\n');
  });

  it('on a kernel file system is refused before the run', async () => {
    await expect(createLogger({ write: () => undefined }, 0, '/proc/self/status')).rejects.toThrow(UsageError);
    await expect(createLogger({ write: () => undefined }, 0, '/sys/kernel/nope.log')).rejects.toThrow(/it is on \/sys, a kernel file system/);
  });
});
