import { describe, expect, it } from '@jest/globals';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

/**
 * The folders are the pipeline: a stage imports only the stages below it. Read from the sources
 * themselves, so a new upward import fails here rather than in a review.
 */
const STAGES = ['base', 'core', 'render', 'config', 'ui', 'directory', 'read', 'apply', 'commands', 'shell'] as const;
type Stage = (typeof STAGES)[number];

const SRC = resolve(dirname(new URL(import.meta.url).pathname), '..', '..', 'src');
const ROOT_FILES: Record<string, Stage> = { 'errors.ts': 'base', 'version.ts': 'base', 'program.ts': 'shell', 'cli.ts': 'shell' };

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? sources(p) : p.endsWith('.ts') ? [p] : [];
  });
}

export function stageOf(file: string): Stage {
  const parts = relative(SRC, file).split('/');
  if (parts.length === 1) {
    const stage = ROOT_FILES[parts[0]];
    if (!stage) throw new Error(`src/${parts[0]}: a file at the top of src/ needs a stage in the architecture test`);
    return stage;
  }
  if (!(STAGES as readonly string[]).includes(parts[0])) throw new Error(`src/${parts[0]}/ is not a stage of the pipeline`);
  return parts[0] as Stage;
}

/** Relative imports of a file, static and dynamic, as absolute .ts paths. */
export function importsOf(file: string, text = readFileSync(file, 'utf8')): string[] {
  const specs = [...text.matchAll(/(?:from|import)\s*\(?\s*'(\.{1,2}\/[^']+)'/g)].map((m) => m[1]);
  return specs.map((s) => resolve(dirname(file), s.replace(/\.js$/, '.ts')));
}

/** Every import that breaks the order, as "from -> to" lines. */
export function violations(files: readonly string[], read: (f: string) => string = (f) => readFileSync(f, 'utf8')): string[] {
  const out: string[] = [];
  for (const file of files) {
    const from = stageOf(file);
    for (const target of importsOf(file, read(file))) {
      const to = stageOf(target);
      const name = (p: string): string => relative(SRC, p);
      if (from === 'commands' && to === 'commands') out.push(`${name(file)} -> ${name(target)}: a command imports another command`);
      else if (STAGES.indexOf(to) > STAGES.indexOf(from)) out.push(`${name(file)} -> ${name(target)}: ${from} imports ${to}, a later stage`);
    }
  }
  return out;
}

describe('architecture', () => {
  it('no import runs upward, and no command imports another', () => {
    expect(violations(sources(SRC))).toEqual([]);
  });

  it('finds a command importing a command, and an upward import', () => {
    const files = [join(SRC, 'commands', 'plan.ts'), join(SRC, 'config', 'resolve.ts'), join(SRC, 'core', 'plan.ts')];
    const fake: Record<string, string> = {
      [files[0]]: "import { verifyCommand } from './verify.js';",
      [files[1]]: "import type { Source } from '../read/source.js';",
      [files[2]]: "const m = await import('../render/json.js');",
    };
    expect(violations(files, (f) => fake[f])).toEqual([
      'commands/plan.ts -> commands/verify.ts: a command imports another command',
      'config/resolve.ts -> read/source.ts: config imports read, a later stage',
      'core/plan.ts -> render/json.ts: core imports render, a later stage',
    ]);
  });

  it('keeps LDAP filters inside directory/', () => {
    const users = sources(SRC).filter((f) => importsOf(f).some((t) => t.endsWith(join('directory', 'filter.ts'))));
    expect(users.map((f) => relative(SRC, f)).filter((f) => !f.startsWith('directory/'))).toEqual([]);
  });
});
