import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createHosts, spawnCli } from '../lab/lab.js';
import { labUser } from '../lab/users.js';

/** A password no other string in the run could contain by chance. */
const { upn, password: SECRET } = labUser('kcd-secret');
const HOSTS = ['SEC01', 'SEC02'];
const work = mkdtempSync(join(tmpdir(), 'kcdmesh-secret-'));
const passwordFile = join(work, 'password');
const backups = join(work, 'backups');
const logFile = join(work, 'kcdmesh.log');
const changeLog = join(work, 'changes.log');

/** Everything a run leaves behind: its streams, the log file, the change log and every backup. */
function traces(outputs: string[]): Array<[string, string]> {
  const files = [logFile, changeLog, ...readdirSync(backups).map((f) => join(backups, f))];
  return [...outputs.map((o, i): [string, string] => [`output ${i}`, o]), ...files.map((f): [string, string] => [f, readFileSync(f, 'utf8')])];
}

beforeAll(async () => {
  await createHosts(HOSTS);
  writeFileSync(passwordFile, `${SECRET}\n`, { mode: 0o600 });
});

describe('the password never appears anywhere kcdmesh writes', () => {
  it('plan, apply, verify and rollback, with debug logs on', () => {
    const common = ['--password-file', passwordFile, '-vv', '--log-file', logFile];
    const env = { KCDMESH_USER: upn, KCDMESH_PASSWORD: undefined };
    const outputs: string[] = [];
    const run = (args: string[], expected: number): void => {
      const r = spawnCli([...args, ...common], env);
      outputs.push(r.stdout, r.stderr);
      expect({ args, code: r.code, stderr: r.stderr }).toEqual({ args, code: expected, stderr: r.stderr });
    };
    run(['plan', ...HOSTS], 2);
    run(['apply', ...HOSTS, '--yes', '--mode', 'any-protocol', '--backup-dir', backups, '--change-log', changeLog], 0);
    run(['verify', ...HOSTS, '--mode', 'any-protocol', '--output', 'json'], 0);
    const backup = readdirSync(backups).find((f) => f.startsWith('kcdmesh-apply-'))!;
    run(['rollback', join(backups, backup), '--yes', '--backup-dir', backups, '--change-log', changeLog], 0);

    const all = traces(outputs);
    expect(all.length).toBeGreaterThanOrEqual(11); // 8 streams, log, change log, 2 backups
    expect(readFileSync(logFile, 'utf8')).toContain(`bind as ${upn}`); // the log is real, and names the identity
    for (const [where, text] of all) expect({ where, leaked: text.includes(SECRET) }).toEqual({ where, leaked: false });
  });
});

describe('the password is not in the process arguments', () => {
  const sockets: Socket[] = [];
  const silent = createServer((s) => { sockets.push(s); }); // holds the run open while we look at it
  let port = 0;
  beforeAll(async () => {
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    port = (silent.address() as { port: number }).port;
  });
  afterAll(() => new Promise<void>((resolve) => { sockets.forEach((s) => s.destroy()); silent.close(() => resolve()); }));

  it('while a run is in flight, /proc/<pid>/cmdline and environ hold no secret from --password-file', async () => {
    const child = spawn(process.execPath, [join(__dirname_(), '..', '..', 'dist', 'cli.js'), 'plan', ...HOSTS, '--url', `ldaps://127.0.0.1:${port}`, '--user', upn, '--password-file', passwordFile, '--timeout', '3'], {
      env: { PATH: process.env.PATH },
      stdio: 'ignore',
    });
    try {
      // connected, waiting for the silent "DC" (node's start takes seconds on a loaded machine)
      for (let t = 0; t < 100 && sockets.length === 0; t++) await new Promise((resolve) => setTimeout(resolve, 100));
      expect(sockets.length).toBe(1);
      const cmdline = readFileSync(`/proc/${child.pid}/cmdline`, 'utf8');
      const environ = readFileSync(`/proc/${child.pid}/environ`, 'utf8');
      expect(cmdline).toContain('--password-file');
      expect(cmdline.includes(SECRET)).toBe(false);
      expect(environ.includes(SECRET)).toBe(false);
    } finally {
      child.kill();
    }
  });
});

function __dirname_(): string {
  return new URL('.', import.meta.url).pathname;
}
