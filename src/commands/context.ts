import { resolveConnection, type ConnectionFlags } from '../config/connection.js';
import type { Directory } from '../directory/directory.js';
import type { Connection } from '../config/connection.js';
import type { Logger } from '../ui/logger.js';
import type { Prompts } from '../ui/prompts.js';
import type { Style } from '../render/style.js';
import type { Hold } from '../shell/interrupt.js';

export interface Output {
  write(text: string): void;
  isTTY?: boolean;
}

/** Everything a command touches outside the pure core. Tests pass their own. */
export interface Io {
  stdout: Output;
  stderr: Output;
  stdinIsTTY: boolean;
  env: NodeJS.ProcessEnv;
  openDirectory(conn: Connection, log: Logger): Promise<Directory>;
  prompts: Prompts;
  /** Set by the shell: an interruption stops new modifies; the write path holds the run while it records. */
  interrupt?: Hold;
}

export type OutputFormat = 'text' | 'json';

export interface CommonFlags extends ConnectionFlags {
  output: OutputFormat;
  searchBase?: string;
  /** Print the number of LDAP requests sent, on stderr. */
  stats?: boolean;
}

export interface Context {
  io: Io;
  log: Logger;
  style: Style;
  flags: CommonFlags;
}

/** Whether the command's work is done (0) or something is pending / was found (2). Errors throw (1). */
export type Outcome = 'clean' | 'pending';

/** Resolve the connection, open the directory, run `fn`, and always unbind. `openOther` reaches another DC with the same credentials. */
export async function withDirectory<T>(ctx: Context, fn: (dir: Directory, openOther: (url: string) => Promise<Directory>) => Promise<T>): Promise<T> {
  const { io, log, flags } = ctx;
  const askPassword = io.stdinIsTTY && io.stderr.isTTY ? (m: string) => io.prompts.password(m) : null;
  const conn = await resolveConnection(flags, { env: io.env, askPassword, warn: (m) => log.warn(m) });
  const dir = await io.openDirectory(conn, log);
  try {
    log.debug(`connected to ${dir.url} (${dir.root.dnsHostName || 'unknown DC'}), domain ${dir.root.defaultNamingContext}, as ${conn.user}`);
    return await fn(dir, (url) => io.openDirectory({ ...conn, url }, log));
  } finally {
    const line = `LDAP requests: ${dir.stats.searches} searches, ${dir.stats.modifies} modifies`;
    if (flags.stats) log.info(line);
    else log.debug(line);
    await dir.close();
  }
}

export function searchBase(ctx: Context, dir: Directory): string {
  return ctx.flags.searchBase ?? dir.root.defaultNamingContext;
}
