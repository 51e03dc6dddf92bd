import { describe, expect, it } from '@jest/globals';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadBackup } from '../../../src/apply/backup.js';
import { MemoryDirectory, type MemoryObject } from '../../../src/directory/memory-directory.js';
import type { Directory } from '../../../src/directory/directory.js';
import { KcdmeshError, NotSentError } from '../../../src/errors.js';
import { run, type Io } from '../../../src/program.js';
import { DOMAIN, hyperV } from './memory-cli.js';

/**
 * Two in-memory directories as two writable DCs of one domain: dc1.lab.test (connected to) and
 * dc2.lab.test (reached by its dNSHostName). "Replication" is a test copying objects across.
 */
const dnOf = (n: string): string => `CN=${n},OU=Hyper-V,${DOMAIN}`;
const dcObject = (n: string): MemoryObject => ({ dn: `CN=${n},OU=Domain Controllers,${DOMAIN}`, sAMAccountName: `${n}$`, dNSHostName: `${n.toLowerCase()}.lab.test`, userAccountControl: 0x82000 });
const objects = (): MemoryObject[] => [hyperV('HV01'), hyperV('HV02'), dcObject('DC1'), dcObject('DC2')];

function twoDcs(pdc = 'dc1.lab.test'): { dc1: MemoryDirectory; dc2: MemoryDirectory } {
  return {
    dc1: new MemoryDirectory({ domain: DOMAIN, dnsHostName: 'dc1.lab.test', user: 'admin@lab.test', objects: objects(), pdc }),
    dc2: new MemoryDirectory({ domain: DOMAIN, dnsHostName: 'dc2.lab.test', user: 'admin@lab.test', objects: objects(), pdc }),
  };
}

/** Copy the hosts from one DC to the other, as replication would. */
function replicateHosts(from: MemoryDirectory, to: MemoryDirectory): void {
  for (const n of ['HV01', 'HV02']) to.put(from.get(dnOf(n))!);
}

interface Result { code: number; stdout: string; stderr: string; backups: string }

async function runOn(dirs: { dc1: Directory; dc2: Directory | (() => Directory) }, args: string[]): Promise<Result> {
  let stdout = '';
  let stderr = '';
  const backups = mkdtempSync(join(tmpdir(), 'kcdmesh-mdc-'));
  const io: Io = {
    stdout: { write: (s) => { stdout += s; }, isTTY: false },
    stderr: { write: (s) => { stderr += s; }, isTTY: false },
    stdinIsTTY: false,
    env: { KCDMESH_URL: 'ldaps://dc1.lab.test', KCDMESH_USER: 'admin@lab.test', KCDMESH_PASSWORD: 'not-used', KCDMESH_BACKUP_DIR: backups },
    openDirectory: async (conn) => {
      if (!conn.url.toLowerCase().includes('dc2')) return dirs.dc1;
      return typeof dirs.dc2 === 'function' ? dirs.dc2() : dirs.dc2;
    },
    prompts: {
      password: () => Promise.reject(new Error('unexpected password prompt')),
      confirm: () => Promise.reject(new Error('unexpected confirmation prompt')),
      choose: () => Promise.reject(new Error('unexpected checklist prompt')),
    },
  };
  const code = await run(args, io);
  return { code, stdout, stderr, backups };
}

/** dc2 catches up after `reads` reads of the hosts (each poll of the wait is one). */
function catchingUp(dc1: MemoryDirectory, dc2: MemoryDirectory, reads: number): Directory {
  let n = 0;
  return new Proxy(dc2, {
    get(target, prop, receiver) {
      if (prop !== 'findHosts') return Reflect.get(target, prop, receiver);
      return async (...args: Parameters<Directory['findHosts']>) => {
        if (++n >= reads) replicateHosts(dc1, target);
        return target.findHosts(...args);
      };
    },
  });
}

describe('apply --wait-replication, with two in-memory DCs', () => {
  it('waits until the other DC holds the change, then exits 0 and says so per DC', async () => {
    const { dc1, dc2 } = twoDcs();
    const r = await runOn({ dc1, dc2: catchingUp(dc1, dc2, 2) }, ['apply', 'HV01', 'HV02', '--yes', '--wait-replication', '30', '--output', 'json']);
    expect(r.stderr).toContain('every writable DC holds the change');
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc.dc.dnsHostName).toBe('dc1.lab.test');
    expect(doc.replication.ok).toBe(true);
    expect(doc.replication.dcs.map((d: { dc: string; status: string }) => [d.dc, d.status])).toEqual([['dc1.lab.test', 'in-step'], ['dc2.lab.test', 'in-step']]);
    expect(doc.replication.dcs[1].seconds).toBeGreaterThan(1); // the second round, one interval later
    expect(dc2.get(dnOf('HV01'))!.delegateTo).toEqual(dc1.get(dnOf('HV01'))!.delegateTo);
  }, 20000);

  it('times out naming the DC still behind and what it lacks (exit 2)', async () => {
    const { dc1, dc2 } = twoDcs();
    const r = await runOn({ dc1, dc2 }, ['apply', 'HV01', 'HV02', '--yes', '--wait-replication', '1']);
    expect(r.code).toBe(2);
    expect(r.stdout).toMatch(/replication: not every writable DC holds the change after \d\.\d s; still behind: dc2\.lab\.test\n/);
    expect(r.stdout).toContain('  dc1.lab.test: holds the change\n');
    expect(r.stdout).toMatch(/ {2}dc2\.lab\.test: behind \(HV01: cifs\/HV02 missing; .*; \d+ more\)/);
    expect(dc1.get(dnOf('HV01'))!.delegateTo!.length).toBe(4); // the write itself stands
  }, 20000);

  it('names a DC it cannot reach, does not fail on it, and does not call the wait a success (exit 2)', async () => {
    const { dc1 } = twoDcs();
    const unreachable = (): Directory => { throw new KcdmeshError('connection to ldaps://dc2.lab.test refused', 'is the DC up?'); };
    const r = await runOn({ dc1, dc2: unreachable }, ['apply', 'HV01', 'HV02', '--yes', '--wait-replication', '1', '--output', 'json']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('dc2.lab.test could not be read (tried again until the wait ends): connection to ldaps://dc2.lab.test refused');
    const doc = JSON.parse(r.stdout);
    expect(doc.replication.dcs[1]).toMatchObject({ dc: 'dc2.lab.test', status: 'unreachable' });
    expect(doc.results.map((x: { status: string }) => x.status)).toEqual(['written', 'written']);
  }, 20000);

  it.each([['0'], ['-5'], ['1.5'], ['soon'], ['999999']])('refuses --wait-replication %s in one line, before connecting', async (value) => {
    const { dc1, dc2 } = twoDcs();
    const r = await runOn({ dc1, dc2 }, ['apply', 'HV01', 'HV02', '--yes', '--wait-replication', value]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('expected a whole number from 1 to 21600.');
    expect(dc1.stats.searches + dc1.stats.modifies).toBe(0);
  });
});

describe('--dc', () => {
  it('--dc pdc writes through the PDC emulator, and the records name it', async () => {
    const { dc1, dc2 } = twoDcs('dc2.lab.test');
    const r = await runOn({ dc1, dc2 }, ['apply', 'HV01', 'HV02', '--yes', '--dc', 'pdc']);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('kcdmesh: DC: dc2.lab.test (the PDC emulator), at ldaps://dc2.lab.test');
    expect(dc1.stats.modifies).toBe(0);
    expect(dc2.get(dnOf('HV01'))!.delegateTo!.length).toBe(4);
    const file = /kcdmesh: backup: (\S+)/.exec(r.stderr)![1];
    expect((await loadBackup(file)).dc).toEqual({ url: 'ldaps://dc2.lab.test', dnsHostName: 'dc2.lab.test' });
    const log = readFileSync(join(r.backups, 'changes.log'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(log.map((l) => [l.dc, l.dcHost])).toEqual([['ldaps://dc2.lab.test', 'dc2.lab.test'], ['ldaps://dc2.lab.test', 'dc2.lab.test']]);
  });

  it('--dc NAME for the DC connected to keeps that connection; plan says which DC', async () => {
    const { dc1, dc2 } = twoDcs();
    const r = await runOn({ dc1, dc2 }, ['plan', 'HV01', 'HV02', '--dc', 'DC1']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('kcdmesh: DC: dc1.lab.test (named with --dc), the one connected to');
    expect(dc2.stats.searches).toBe(0);
    const other = await runOn({ dc1, dc2 }, ['plan', 'HV01', 'HV02', '--dc', 'dc2.lab.test', '--output', 'json']);
    expect(other.stderr).toContain('kcdmesh: DC: dc2.lab.test (named with --dc), at ldaps://dc2.lab.test');
    expect(JSON.parse(other.stdout).dc).toEqual({ url: 'ldaps://dc2.lab.test', dnsHostName: 'dc2.lab.test' });
    expect(dc2.stats.searches).toBeGreaterThan(0);
  });

  it('an unknown DC name: one line, a hint listing the writable DCs, nothing written', async () => {
    const { dc1, dc2 } = twoDcs();
    const r = await runOn({ dc1, dc2 }, ['apply', 'HV01', 'HV02', '--yes', '--dc', 'dc9']);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(`kcdmesh: error: no writable DC named dc9 in ${DOMAIN}\n  hint: give --dc pdc or one of: dc1.lab.test, dc2.lab.test\n`);
    expect(dc1.stats.modifies + dc2.stats.modifies).toBe(0);
  });

  it('a PDC that cannot be told: one line and the DCs to name instead', async () => {
    const { dc1, dc2 } = twoDcs();
    const noPdc = new MemoryDirectory({ domain: DOMAIN, dnsHostName: 'dc1.lab.test', objects: objects(), pdc: null });
    const r = await runOn({ dc1: noPdc, dc2 }, ['plan', 'HV01', 'HV02', '--dc', 'pdc']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('hint: name the DC with --dc NAME; the writable DCs: dc1.lab.test, dc2.lab.test');
    expect(dc1.stats.searches).toBe(0);
  });
});

describe('verify --all-dcs, with two in-memory DCs', () => {
  it('exit 2 naming the DC that lacks a value, then 0 once it has it', async () => {
    const { dc1, dc2 } = twoDcs();
    expect((await runOn({ dc1, dc2 }, ['apply', 'HV01', 'HV02', '--yes'])).code).toBe(0);
    const behind = await runOn({ dc1, dc2 }, ['verify', 'HV01', 'HV02', '--all-dcs', '--output', 'json']);
    expect(behind.code).toBe(2);
    const findings = JSON.parse(behind.stdout).findings;
    expect(findings).toHaveLength(8);
    expect(findings[0]).toMatchObject({ kind: 'not-replicated', host: 'HV01', message: 'HV01: cifs/HV02 is on dc1.lab.test but not yet on dc2.lab.test' });
    replicateHosts(dc1, dc2);
    expect((await runOn({ dc1, dc2 }, ['verify', 'HV01', 'HV02', '--all-dcs'])).code).toBe(0);
  });

  it('a DC that cannot be read is a finding naming it (exit 2), not an error', async () => {
    const { dc1 } = twoDcs();
    await runOn({ dc1, dc2: dc1 }, ['apply', 'HV01', 'HV02', '--yes']);
    const r = await runOn({ dc1, dc2: () => { throw new KcdmeshError('connection to ldaps://dc2.lab.test refused', 'x'); } }, ['verify', 'HV01', 'HV02', '--all-dcs', '--output', 'json']);
    expect(r.code).toBe(2);
    expect(JSON.parse(r.stdout).findings).toEqual([
      { kind: 'dc-unreachable', severity: 'error', host: 'dc2.lab.test', detail: 'connection to ldaps://dc2.lab.test refused', message: 'dc2.lab.test: could not be read, so what it holds is not checked (connection to ldaps://dc2.lab.test refused)' },
    ]);
    expect(r.stderr).toContain('read from 1 of 2 writable DCs: dc1.lab.test, dc2.lab.test; all agree; not read: dc2.lab.test');
  });
});

/** `dc` applies HV02's modify, loses its answer, and the connection with it: every later request fails unsent. */
function losesConnectionAfterHv02(dc: MemoryDirectory, url: string): void {
  const modify = dc.modifyHost.bind(dc);
  const find = dc.findHosts.bind(dc);
  let lost = false;
  dc.modifyHost = async (c) => {
    await modify(c);
    if (c.dn === dnOf('HV02')) {
      lost = true;
      throw new KcdmeshError(`modify ${c.dn}: ${url} did not answer in time`, 'raise --timeout');
    }
  };
  dc.findHosts = async (...a) => {
    if (lost) throw new NotSentError(`the connection to ${url} was lost`, 'run again');
    return find(...a);
  };
}

/** `apply HV01 HV02 --output json` through `url`, each connection after the first from `reopen`. */
async function applyLosingConnection(url: string, first: Directory, reopen: (url: string) => Promise<Directory>): Promise<Omit<Result, 'backups'>> {
  let stdout = '';
  let stderr = '';
  let opens = 0;
  const io: Io = {
    stdout: { write: (s) => { stdout += s; }, isTTY: false },
    stderr: { write: (s) => { stderr += s; }, isTTY: false },
    stdinIsTTY: false,
    env: { KCDMESH_URL: url, KCDMESH_USER: 'admin@lab.test', KCDMESH_PASSWORD: 'not-used', KCDMESH_BACKUP_DIR: mkdtempSync(join(tmpdir(), 'kcdmesh-rr-')) },
    openDirectory: async (conn) => (opens++ === 0 ? first : reopen(conn.url)),
    prompts: {
      password: () => Promise.reject(new Error('unexpected password prompt')),
      confirm: () => Promise.reject(new Error('unexpected confirmation prompt')),
      choose: () => Promise.reject(new Error('unexpected checklist prompt')),
    },
  };
  const code = await run(['apply', 'HV01', 'HV02', '--yes', '--parallel', '1', '--output', 'json'], io);
  return { code, stdout, stderr };
}

describe('a write whose connection is lost, reached through a name that several DCs answer to', () => {
  it('settles and verifies on the DC written, not on whichever DC the URL reaches next (exit 0)', async () => {
    // --url ldaps://lab.test: the domain name, answered by dc1 and dc2 in turn. The run binds to dc1;
    // HV02's modify is applied there and its answer lost, and then the connection dies.
    const at = (n: string, url = 'ldaps://lab.test'): MemoryDirectory => new MemoryDirectory({ domain: DOMAIN, dnsHostName: `${n}.lab.test`, url, user: 'admin@lab.test', objects: objects() });
    const dc1 = at('dc1');
    const dc2 = at('dc2');
    losesConnectionAfterHv02(dc1, 'ldaps://lab.test');
    const opened: MemoryDirectory[] = [];
    let round = 0;
    const r = await applyLosingConnection('ldaps://lab.test', dc1, async (url) => {
      round++;
      // A new connection to dc1 sees what dc1 holds; dc2 has not had it replicated.
      const byName = url.includes('dc1.lab.test') ? 'dc1' : url.includes('dc2.lab.test') ? 'dc2' : round % 2 === 1 ? 'dc2' : 'dc1';
      const d = at(byName, url);
      if (byName === 'dc1') for (const n of ['HV01', 'HV02']) d.put(dc1.get(dnOf(n))!);
      opened.push(d);
      return d;
    });
    expect(r.stderr).toContain('HV02: read again: written');
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc.dc.dnsHostName).toBe('dc1.lab.test');
    expect(doc.verify.ok).toBe(true);
    expect(opened.every((d) => d.closed)).toBe(true);
    expect(dc2.get(dnOf('HV01'))!.delegateTo).toEqual([]);
  });
});

describe('a write whose connection is lost, and the DC stops answering after its outcomes are settled', () => {
  it('exits 1 saying every host was written and only the check could not be made, in one JSON error document', async () => {
    const dc1 = new MemoryDirectory({ domain: DOMAIN, dnsHostName: 'dc1.lab.test', user: 'admin@lab.test', objects: objects() });
    losesConnectionAfterHv02(dc1, 'ldaps://dc1.lab.test');
    let reopened = 0;
    const r = await applyLosingConnection('ldaps://dc1.lab.test', dc1, async () => {
      // The settle's new connection sees what dc1 holds; the next one finds the DC silent.
      if (reopened++ > 0) throw new KcdmeshError('connect to ldaps://dc1.lab.test: timed out', 'check the DC');
      const d = new MemoryDirectory({ domain: DOMAIN, dnsHostName: 'dc1.lab.test', user: 'admin@lab.test', objects: objects() });
      for (const n of ['HV01', 'HV02']) d.put(dc1.get(dnOf(n))!);
      return d;
    });
    expect(r.stderr).toContain('HV02: read again: written');
    expect(r.code).toBe(1);
    const doc = JSON.parse(r.stdout);
    expect(doc.error.message).toBe('apply wrote every host, but they could not be read again to check the result: connect to ldaps://dc1.lab.test: timed out');
    expect(doc.error.hint).toBe('run kcdmesh verify with the same hosts once the DC answers');
    expect([dc1.get(dnOf('HV01'))?.delegateTo?.length, dc1.get(dnOf('HV02'))?.delegateTo?.length]).toEqual([4, 4]);
  });
});
