import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { run, type Io } from '../../../src/program.js';

const ROOT = join(new URL('.', import.meta.url).pathname, '..', '..', '..');

async function help(args: string[]): Promise<{ code: number; out: string }> {
  let out = '';
  const io = {
    stdout: { write: (s: string) => { out += s; return true; } },
    stderr: { write: () => true },
    stdinIsTTY: false,
    env: {},
    openDirectory: () => { throw new Error('help never connects'); },
    prompts: {},
  } as unknown as Io;
  return { code: await run(args, io), out };
}

describe('--help', () => {
  it.each([['plan'], ['apply'], ['verify'], ['onboard'], ['offboard']])('%s shows the --services default as typed, examples and exit codes', async (command) => {
    const { code, out } = await help([command, '--help']);
    expect(code).toBe(0);
    expect(out.replace(/\s+/g, ' ')).toContain('(default: cifs,Microsoft Virtual System Migration Service)');
    expect(out).not.toContain('["cifs"');
    expect(out).toContain('\nExamples:\n  kcdmesh discover');
    expect(out).toContain('\nExit codes:\n  0  done, or in sync');
    expect(out).toContain('  2  changes pending (plan) or findings (verify)');
  });

  it('the top level has them too, and plan offers --output hyperv', async () => {
    expect((await help(['--help'])).out).toContain('Exit codes:');
    expect((await help(['plan', '--help'])).out.replace(/\s+/g, ' ')).toContain('text, json, markdown, ldif, powershell or hyperv');
  });
});

describe('the licence package.json names', () => {
  it('is shipped as LICENSE, MIT, with the project\'s copyright line', () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { license: string };
    expect(pkg.license).toBe('MIT');
    expect(existsSync(join(ROOT, 'LICENSE'))).toBe(true);
    const text = readFileSync(join(ROOT, 'LICENSE'), 'utf8');
    expect(text.split('\n').slice(0, 3)).toEqual(['MIT License', '', 'Copyright (c) 2026 the kcdmesh authors']);
  });
});
