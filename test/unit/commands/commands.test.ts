import { describe, expect, it } from '@jest/globals';
import { existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MIGRATION_SERVICE } from '../../../src/core/spn.js';
import { UAC } from '../../../src/core/uac.js';
import { KcdmeshError } from '../../../src/errors.js';
import { DOMAIN, hyperV, memoryLab, runWith } from './memory-cli.js';

const dnOf = (n: string): string => `CN=${n},OU=Hyper-V,${DOMAIN}`;
/** The four values `from` needs to reach `to`: both services, both name forms. */
const valuesTo = (to: string): string[] => ['cifs', MIGRATION_SERVICE].flatMap((s) => [`${s}/${to}`, `${s}/${to.toLowerCase()}.lab.test`]);
const backupIn = (stderr: string): string => /kcdmesh: backup: (\S+)/.exec(stderr)![1];

describe('commands in-process, against the in-memory directory', () => {
  it('--log-file gets the error line that ends a run, as stderr does', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'kcdmesh-log-')), 'run.log');
    const r = await runWith(memoryLab(['HV01', 'HV02']), ['verify', 'HV01', 'NOPE99', '--log-file', file]);
    expect(r.code).toBe(1);
    const error = /kcdmesh: error: (.+)/.exec(r.stderr)![1];
    const lines = readFileSync(file, 'utf8').split('\n').filter((l) => / error /.test(l));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain(error);
    expect(r.stderr.match(/kcdmesh: error:/g)).toHaveLength(1);
  });

  it('plan (2), apply (0), verify (0), plan again (0): the check/apply/idempotent triplet', async () => {
    const dir = memoryLab(['HV01', 'HV02']);
    const plan = await runWith(dir, ['plan', 'HV01', 'HV02']);
    expect(plan.code).toBe(2);
    expect(plan.stdout).toContain(`+ ${MIGRATION_SERVICE}/hv02.lab.test`);
    expect(dir.stats.modifies).toBe(0);

    const apply = await runWith(dir, ['apply', 'HV01', 'HV02', '--yes']);
    expect(apply.stderr).toContain('kcdmesh: backup: ');
    expect(apply.code).toBe(0);
    expect(dir.get(dnOf('HV01'))!.delegateTo).toEqual(valuesTo('HV02'));
    expect(dir.get(dnOf('HV02'))!.delegateTo).toEqual(valuesTo('HV01'));

    expect((await runWith(dir, ['verify', 'HV01', 'HV02'])).code).toBe(0);
    const again = await runWith(dir, ['plan', 'hv01.lab.test', 'hv02', '--output', 'json']);
    expect(again.code).toBe(0);
    expect(JSON.parse(again.stdout).summary).toEqual({ add: 0, remove: 0, uac: 0, hostsChanged: 0 });
  });

  it('verify reports a missing value as a finding (exit 2)', async () => {
    const dir = memoryLab(['HV01', 'HV02']);
    await runWith(dir, ['apply', 'HV01', 'HV02', '--yes']);
    const hv01 = dir.get(dnOf('HV01'))!;
    dir.put({ ...hv01, delegateTo: hv01.delegateTo!.slice(1) });
    const r = await runWith(dir, ['verify', 'HV01', 'HV02', '--output', 'json']);
    expect(r.code).toBe(2);
    expect(JSON.parse(r.stdout).findings).toEqual([expect.objectContaining({ kind: 'missing-delegation', host: 'HV01', peer: 'HV02', missing: [expect.objectContaining({ spn: 'cifs/HV02' })] })]);
  });

  it('rollback undoes what apply wrote, flags included, and leaves a later foreign value', async () => {
    const dir = memoryLab(['HV01', 'HV02']);
    dir.put(hyperV('HV01', { userAccountControl: 0x1000 | UAC.TRUSTED_TO_AUTH_FOR_DELEGATION }));
    const apply = await runWith(dir, ['apply', 'HV01', 'HV02', '--yes']);
    expect(apply.code).toBe(0);
    expect(dir.get(dnOf('HV01'))!.userAccountControl).toBe(0x1000);
    dir.put({ ...dir.get(dnOf('HV02'))!, delegateTo: [...dir.get(dnOf('HV02'))!.delegateTo!, 'http/web01'] });
    const r = await runWith(dir, ['rollback', backupIn(apply.stderr), '--yes']);
    expect(r.code).toBe(0);
    expect(dir.get(dnOf('HV01'))).toMatchObject({ delegateTo: [], userAccountControl: 0x1000 | UAC.TRUSTED_TO_AUTH_FOR_DELEGATION });
    expect(dir.get(dnOf('HV02'))!.delegateTo).toEqual(['http/web01']);
  });

  it('onboard adds a host both ways and leaves the peers\' flags; offboard takes it out again', async () => {
    const dir = memoryLab(['HV01', 'HV02', 'HV03']);
    expect((await runWith(dir, ['apply', 'HV01', 'HV02', '--yes'])).code).toBe(0);
    const on = await runWith(dir, ['onboard', 'HV03', '--peers', 'HV01,HV02', '--yes']);
    expect(on.stdout).toContain('HV03 and 2 peers now trust each other both ways.');
    expect(on.code).toBe(0);
    expect(dir.get(dnOf('HV03'))!.delegateTo).toEqual([...valuesTo('HV01'), ...valuesTo('HV02')]);
    expect(dir.get(dnOf('HV01'))!.delegateTo).toEqual([...valuesTo('HV02'), ...valuesTo('HV03')]);

    const off = await runWith(dir, ['offboard', 'HV03', '--yes']);
    expect(off.code).toBe(0);
    expect(dir.get(dnOf('HV01'))!.delegateTo).toEqual(valuesTo('HV02'));
    expect(dir.get(dnOf('HV02'))!.delegateTo).toEqual(valuesTo('HV01'));
    expect(dir.get(dnOf('HV03'))!.delegateTo).toEqual([]);
  });

  it('refuses a plan that moved while it was on screen: nothing written, no backup', async () => {
    const dir = memoryLab(['HV01', 'HV02']);
    const backups = mkdtempSync(join(tmpdir(), 'kcdmesh-stale-'));
    const r = await runWith(dir, ['apply', 'HV01', 'HV02'], {
      confirm: async () => {
        // Someone else writes one of the planned values meanwhile: the plan under review no longer holds.
        const hv01 = dir.get(dnOf('HV01'))!;
        dir.put({ ...hv01, delegateTo: ['CIFS/hv02'] });
        return true;
      },
    }, backups);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('the hosts changed in the directory since the plan was shown; nothing was written');
    expect(dir.stats.modifies).toBe(0);
    expect(readdirSync(backups)).toEqual([]);
  });

  it('answering no writes nothing (exit 1, cancelled)', async () => {
    const dir = memoryLab(['HV01', 'HV02']);
    const r = await runWith(dir, ['apply', 'HV01', 'HV02'], { confirm: async () => false });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('apply cancelled; nothing was written');
    expect(dir.stats.modifies).toBe(0);
  });

  it('a refused modify is one line with its hint, and the other host is still written', async () => {
    const dir = memoryLab(['HV01', 'HV02']);
    dir.deny(dnOf('HV02'));
    const backups = mkdtempSync(join(tmpdir(), 'kcdmesh-denied-'));
    const r = await runWith(dir, ['apply', 'HV01', 'HV02', '--yes', '--parallel', '1'], undefined, backups);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('apply wrote 1 of 2 hosts (written: HV01; not written: HV02): modify CN=HV02,OU=Hyper-V,DC=lab,DC=test: insufficient access (LDAP 50');
    expect(dir.get(dnOf('HV01'))!.delegateTo).toEqual(valuesTo('HV02'));
    expect(dir.get(dnOf('HV02'))!.delegateTo).toEqual([]);
    expect(existsSync(join(backups, 'changes.log'))).toBe(true);
  });

  it('a modify whose answer is lost is settled by reading the host again; the record says so and rollback undoes it', async () => {
    const dir = memoryLab(['HV01', 'HV02']);
    const real = dir.modifyHost.bind(dir);
    // The DC applies HV01's modify, and its answer never arrives.
    dir.modifyHost = async (c) => {
      await real(c);
      if (c.dn === dnOf('HV01')) throw new KcdmeshError(`modify ${c.dn}: ldaps://dc1.lab.test did not answer in time`, 'raise --timeout');
    };
    const backups = mkdtempSync(join(tmpdir(), 'kcdmesh-lost-'));
    const r = await runWith(dir, ['apply', 'HV01', 'HV02', '--yes', '--parallel', '1'], undefined, backups);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('HV01: outcome unknown (no answer)');
    expect(r.stderr).toContain('HV01: read again: written');
    const file = backupIn(r.stderr);
    const outcomes = readFileSync(file.replace(/\.json$/, '.intent.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { type: string; dn?: string; outcome?: string; how?: string }).filter((l) => l.type === 'outcome');
    expect(outcomes.map((o) => [o.dn, o.outcome, o.how])).toEqual([[dnOf('HV01'), 'unknown', 'no-answer'], [dnOf('HV02'), 'written', 'answer'], [dnOf('HV01'), 'written', 're-read']]);
    const log = readFileSync(join(backups, 'changes.log'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { host: string; result: string });
    expect(log.map((l) => [l.host, l.result])).toEqual([['HV02', 'ok'], ['HV01', 'ok']]);
    dir.modifyHost = real;
    const back = await runWith(dir, ['rollback', file, '--yes'], undefined, backups);
    expect(back.code).toBe(0);
    expect(dir.get(dnOf('HV01'))!.delegateTo).toEqual([]);
    expect(dir.get(dnOf('HV02'))!.delegateTo).toEqual([]);
  });

  it('with --output json a partly written run names every host\'s outcome; rollback considers only hosts not known unwritten', async () => {
    const dir = memoryLab(['HV01', 'HV02']);
    dir.deny(dnOf('HV02'));
    const backups = mkdtempSync(join(tmpdir(), 'kcdmesh-json-'));
    const r = await runWith(dir, ['apply', 'HV01', 'HV02', '--yes', '--parallel', '1', '-o', 'json'], undefined, backups);
    expect(r.code).toBe(1);
    const doc = JSON.parse(r.stdout) as { kind: string; hosts: Array<{ host: string; outcome: string }> };
    expect(doc.kind).toBe('error');
    expect(doc.hosts.map((h) => [h.host, h.outcome])).toEqual([['HV01', 'written'], ['HV02', 'not-written']]);
    const back = await runWith(dir, ['rollback', backupIn(r.stderr), '--yes', '-o', 'json'], undefined, backups);
    expect(back.code).toBe(0);
    expect((JSON.parse(back.stdout) as { results: Array<{ host: string }> }).results.map((x) => x.host)).toEqual(['HV01']);
  });

  it('discover lists the Hyper-V hosts by name and unbinds', async () => {
    const dir = memoryLab(['HV02', 'HV01']);
    const r = await runWith(dir, ['discover', '--output', 'json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).hosts.map((h: { name: string }) => h.name)).toEqual(['HV01', 'HV02']);
    expect(dir.closed).toBe(true);
  });
  it('--config groups: a storage target of two groups is one host in verify, and its finding fails one JUnit testcase', async () => {
    const dir = memoryLab(['HV01', 'HV02', 'HV03', 'HV04']);
    // FS01 registers no SPN at all: nobody can delegate cifs to it (one finding, about FS01).
    dir.put({ dn: `CN=FS01,OU=Files,${DOMAIN}`, sAMAccountName: 'FS01$', dNSHostName: 'fs01.lab.test', userAccountControl: 0x1000, servicePrincipalNames: [] });
    const config = join(mkdtempSync(join(tmpdir(), 'kcdmesh-cfg-')), 'groups.yaml');
    writeFileSync(config, 'groups:\n  - name: a\n    hosts: [HV01, HV02]\n    storage: [FS01]\n  - name: b\n    hosts: [HV03, HV04]\n    storage: [fs01.lab.test]\n');
    expect((await runWith(dir, ['apply', '--config', config, '--yes'])).code).toBe(0);
    const json = JSON.parse((await runWith(dir, ['verify', '--config', config, '--output', 'json'])).stdout);
    expect(json.hosts.map((h: { name: string }) => h.name)).toEqual(['HV01', 'HV02', 'HV03', 'HV04', 'FS01']);
    expect(json.findings.map((f: { kind: string; host: string }) => `${f.kind} ${f.host}`)).toEqual(['target-spn-missing FS01']);
    const xml = (await runWith(dir, ['verify', '--config', config, '--output', 'junit'])).stdout;
    expect(xml).toContain('<testsuites name="kcdmesh verify" tests="34" failures="1" errors="0">');
    expect(xml.match(/<failure /g)).toHaveLength(1);
    expect(xml.match(/name="FS01 registers cifs"/g)).toHaveLength(1);
    const text = (await runWith(dir, ['verify', '--config', config])).stdout;
    expect(text.match(/^ {2}FS01: /gm)).toHaveLength(1);
  });

  it('--config groups: storage gets cifs one way, and --prune removes values to a Hyper-V host that left or a host that is gone, never to another computer', async () => {
    const dir = memoryLab(['HV01', 'HV02', 'HV03']);
    dir.put({ dn: `CN=FS01,OU=Files,${DOMAIN}`, sAMAccountName: 'FS01$', dNSHostName: 'fs01.lab.test', userAccountControl: 0x1000, servicePrincipalNames: ['HOST/FS01', 'HOST/fs01.lab.test'] });
    // HV01 still trusts HV03 (a Hyper-V host that left the group) and HV99 (deleted long ago); HV02 trusts FS02, a file server the config does not name.
    dir.put(hyperV('HV01', { delegateTo: ['cifs/HV03', 'cifs/HV99', 'cifs/FS01'] }));
    dir.put({ dn: `CN=FS02,OU=Files,${DOMAIN}`, sAMAccountName: 'FS02$', dNSHostName: 'fs02.lab.test', userAccountControl: 0x1000, servicePrincipalNames: ['HOST/FS02'] });
    dir.put(hyperV('HV02', { delegateTo: ['cifs/FS02'] }));
    const config = join(mkdtempSync(join(tmpdir(), 'kcdmesh-cfg-')), 'groups.yaml');
    writeFileSync(config, 'groups:\n  - name: g1\n    hosts: [HV01, HV02]\n    storage: [FS01]\n');
    const r = await runWith(dir, ['apply', '--config', config, '--prune', '--yes']);
    expect(r.code).toBe(0);
    expect(dir.get(dnOf('HV01'))!.delegateTo).toEqual(['cifs/FS01', ...valuesTo('HV02'), 'cifs/fs01.lab.test']);
    expect(dir.get(dnOf('HV02'))!.delegateTo).toEqual(['cifs/FS02', ...valuesTo('HV01'), 'cifs/FS01', 'cifs/fs01.lab.test']);
    expect(dir.get(`CN=FS01,OU=Files,${DOMAIN}`)!.delegateTo).toEqual([]);
    expect((await runWith(dir, ['plan', '--config', config, '--prune'])).code).toBe(0);
  });
});
