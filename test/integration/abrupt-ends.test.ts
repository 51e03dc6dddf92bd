import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { adminEnv, createHosts, dc, fingerprint, readHost } from '../lab/lab.js';
import { LAB_DIR } from '../lab/dc.js';
import { FaultProxy } from '../lab/fault-proxy.js';
import { readIntentLog } from '../../src/apply/intent-file.js';
import { hostsToConsider } from '../../src/core/intent-record.js';

/**
 * Every way a run can end early, with the built binary in a child process: one line, the
 * documented exit code, no stack, and records on disk that match the directory.
 */
const CLI = join(LAB_DIR, '..', '..', 'dist', 'cli.js');
const PTY = join(LAB_DIR, 'pty-run.py');
const HOSTS = ['ABR01', 'ABR02', 'ABR03', 'ABR04'];
let backups = '';

const env = (extra: Record<string, string | undefined> = {}): NodeJS.ProcessEnv => ({ PATH: process.env.PATH, ...adminEnv(), KCDMESH_BACKUP_DIR: backups, ...extra });

interface Ended { code: number | null; signal: string | null; stdout: string; stderr: string }

/** Start the CLI; `when` sees stderr as it grows and may act on the child (send a signal). */
function start(args: string[], e: NodeJS.ProcessEnv, when?: (stderr: string, kill: (s: NodeJS.Signals) => void) => void, closeStdout = false): Promise<Ended> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI, ...args], { env: e, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let killed = false;
    const kill = (s: NodeJS.Signals): void => { if (!killed) { killed = true; child.kill(s); } };
    const guard = setTimeout(() => child.kill('SIGKILL'), 60_000);
    // Checked on every stderr line and every 20 ms, so a condition outside the child (the proxy) counts too.
    const poll = setInterval(() => when?.(stderr, kill), 20);
    // `kcdmesh ... | true`: the reading end is closed before kcdmesh writes anything.
    if (closeStdout) child.stdout.destroy();
    else child.stdout.on('data', (d) => { stdout += d; });
    child.stderr.on('data', (d) => { stderr += d; when?.(stderr, kill); });
    child.on('close', (code, signal) => { clearTimeout(guard); clearInterval(poll); resolve({ code, signal, stdout, stderr }); });
  });
}

function pty(expectText: string, keys: string, args: string[], e: NodeJS.ProcessEnv): { code: number; output: string; sent: boolean } {
  const r = spawnSync('python3', [PTY, expectText, keys, process.execPath, CLI, ...args], { env: e, encoding: 'utf8', timeout: 60_000 });
  return JSON.parse(r.stdout) as { code: number; output: string; sent: boolean };
}

async function meshValues(): Promise<number[]> {
  return Promise.all(HOSTS.map(async (h) => (await readHost(h)).values.length));
}

/** The written record and the change log agree with the directory, host by host. */
async function recordsMatchDirectory(): Promise<{ written: string[]; backup: string }> {
  const files = readdirSync(backups).filter((f) => /^kcdmesh-apply-[^.]*\.json$/.test(f));
  expect(files).toHaveLength(1);
  const backup = join(backups, files[0]);
  // The write-ahead record: every host whose outcome is not "not written" is one rollback considers.
  const record = (await readIntentLog(backup))!;
  const written = hostsToConsider(record).map((h) => h.dn);
  const log = readFileSync(join(backups, 'changes.log'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { host: string; dn: string; result: string });
  const counts = await meshValues();
  const inDirectory = HOSTS.filter((_, i) => counts[i] > 0);
  expect(written.map((dn) => /^CN=([^,]+)/.exec(dn)![1]).sort()).toEqual(inDirectory);
  expect(log.filter((r) => r.result === 'ok').map((r) => r.host).sort()).toEqual(inDirectory);
  expect(log.map((r) => r.host).sort()).toEqual(HOSTS);
  return { written: inDirectory, backup };
}

beforeAll(() => {
  expect(existsSync(CLI)).toBe(true); // built by `npm test`'s pretest
});

beforeEach(async () => {
  await createHosts(HOSTS);
  backups = mkdtempSync(join(tmpdir(), 'kcdmesh-abrupt-'));
});

describe('a signal during apply', () => {
  const proxy = new FaultProxy({ host: dc().SAMBA_DC_IP, port: 636 }, { mode: 'delay', delayMs: 250 });
  let url = '';
  beforeAll(async () => { url = `ldaps://localhost:${await proxy.listen('localhost')}`; });
  afterAll(() => proxy.close());

  it.each([['SIGTERM', 143], ['SIGINT', 130]] as const)('%s right after the backup: no new modify, every modify sent is recorded, exit %d', async (sig, code) => {
    const r = await start(['apply', ...HOSTS, '--yes', '--parallel', '1', '--url', url, '--timeout', '20'], env(), (stderr, kill) => {
      if (stderr.includes('kcdmesh: backup: ') && !stderr.includes('interrupted')) kill(sig);
    });
    expect(r.code).toBe(code);
    expect(r.stderr).toContain(`kcdmesh: interrupted by ${sig}: no further host is written; recording the hosts already sent, then stopping`);
    expect(r.stderr).toMatch(/not sent: the run was interrupted/);
    expect(r.stderr).not.toMatch(/\n\s+at |internal error/);
    const { written, backup } = await recordsMatchDirectory();
    expect(written.length).toBeLessThan(HOSTS.length);
    // The hosts never sent are logged as failed with no intent: the records agree, and rollback undoes the rest.
    const back = spawnSync(process.execPath, [CLI, 'rollback', backup, '--yes'], { env: env(), encoding: 'utf8', timeout: 60_000 });
    expect(back.stderr).not.toContain('disagree');
    expect(back.status).toBe(0);
    expect(await meshValues()).toEqual(HOSTS.map(() => 0));
  });

  it('SIGTERM while reading: ends at once with one line, nothing written, no backup', async () => {
    const before = await fingerprint();
    proxy.bytesDown = 0; // counted anew: the DC's first answer to this run means it is reading
    const r = await start(['apply', ...HOSTS, '--yes', '--url', url], env(), (_s, kill) => { if (proxy.bytesDown > 0) kill('SIGTERM'); });
    expect(r.code).toBe(143);
    expect(r.stderr).toBe('kcdmesh: interrupted by SIGTERM\n');
    expect(readdirSync(backups)).toEqual([]);
    expect(await fingerprint()).toBe(before);
  });
});

describe('a closed standard output', () => {
  it('plan | true: one line, exit 141, no stack', async () => {
    const r = await start(['plan', ...HOSTS], env(), undefined, true);
    expect(r.stderr).toBe('kcdmesh: standard output was closed\n');
    expect(r.code).toBe(141);
  });

  it('apply --yes | true: stops before writing, records match the directory, exit 141', async () => {
    const r = await start(['apply', ...HOSTS, '--yes'], env(), undefined, true);
    expect(r.code).toBe(141);
    expect(r.stderr).toContain('kcdmesh: standard output was closed: no further host is written');
    expect(r.stderr).not.toMatch(/\n\s+at |internal error|Unhandled/);
    await recordsMatchDirectory();
  });
});

describe('at a prompt on a terminal', () => {
  it('Ctrl-C at the confirmation: exit 130, one line, nothing written, no backup', async () => {
    const before = await fingerprint();
    const r = pty('Write these changes', '\\x03', ['apply', ...HOSTS], env());
    expect(r.sent).toBe(true);
    expect(r.code).toBe(130);
    expect(r.output).toContain('kcdmesh: error: cancelled at the prompt (Ctrl-C); nothing was written');
    expect(r.output).not.toMatch(/internal error|\n\s+at /);
    expect(readdirSync(backups)).toEqual([]);
    expect(await fingerprint()).toBe(before);
  });

  it.each([
    ['Ctrl-C', '\\x03', 130, /cancelled at the prompt \(Ctrl-C\)/],
    ['Ctrl-D', '\\x04', 1, /input ended \(Ctrl-D\) before an answer was given/],
  ])('%s (keys %s) at the password prompt: exit %d, one line, never 0', async (_name, keys, code, message) => {
    const r = pty('Password for', keys, ['plan', ...HOSTS], env({ KCDMESH_PASSWORD: undefined }));
    expect(r.sent).toBe(true);
    expect(r.code).toBe(code);
    expect(r.output).toMatch(message);
    expect(r.output).not.toMatch(/internal error|\n\s+at /);
  });
});

describe('--output json', () => {
  it('a flag error is a JSON error document too', () => {
    const r = spawnSync(process.execPath, [CLI, 'plan', ...HOSTS, '--output', 'json', '--max-values', 'lots'], { env: env(), encoding: 'utf8' });
    expect(r.status).toBe(1);
    expect(JSON.parse(r.stdout)).toMatchObject({ kind: 'error', error: { message: expect.stringMatching(/argument 'lots' is invalid/) } });
  });
});
