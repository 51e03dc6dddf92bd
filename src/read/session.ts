import { resolveConnection, type Connection } from '../config/connection.js';
import type { Options } from '../config/resolve.js';
import type { Directory } from '../directory/directory.js';
import { openFirstDc } from '../directory/dc-failover.js';
import type { Style } from '../render/style.js';
import type { Logger } from '../ui/logger.js';
import { useChosenDc } from './dcs.js';
import type { Prompts } from '../ui/prompts.js';

export interface Output {
  write(text: string): void;
  isTTY?: boolean;
}

/**
 * Opens the directory for `fn` and always unbinds; `openOther` reaches another DC with the same
 * credentials. With --dc, `fn` gets the chosen DC: every read and write of the run goes there.
 */
export interface DirectorySession {
  use<T>(fn: (dir: Directory, openOther: (url: string) => Promise<Directory>) => Promise<T>): Promise<T>;
}

/** What every command is given: the directory, the prompts, stdout, the log and the resolved options. */
export interface Context {
  directory: DirectorySession;
  prompts: Prompts;
  /** stdout: the result only. */
  out: Output;
  /** stderr: progress lines (the log has its own sink). */
  err: Output;
  /** stdin and stderr are terminals: a question can be asked. */
  interactive: boolean;
  log: Logger;
  style: Style;
  options: Options;
}

export interface SessionPorts {
  env: NodeJS.ProcessEnv;
  openDirectory(conn: Connection, log: Logger): Promise<Directory>;
  prompts: Prompts;
  interactive: boolean;
}

/** The connection is resolved (password included) only when a command opens the directory. */
export function directorySession(ports: SessionPorts, options: Options, log: Logger): DirectorySession {
  return {
    async use(fn) {
      const askPassword = ports.interactive ? (m: string) => ports.prompts.password(m) : null;
      const conn = await resolveConnection(options.connection, { env: ports.env, askPassword, warn: (m) => log.warn(m) });
      const dir = await openFirstDc(conn, ports.openDirectory, log);
      const openOther = (url: string): Promise<Directory> => ports.openDirectory({ ...conn, url }, log);
      let chosen: Directory | null = null;
      try {
        log.debug(`connected to ${dir.url} (${dir.root.dnsHostName || 'unknown DC'}), domain ${dir.root.defaultNamingContext}, as ${dir.user}`);
        chosen = options.dc ? await useChosenDc(log, dir, options.dc, openOther) : dir;
        return await fn(chosen, openOther);
      } finally {
        if (chosen && chosen !== dir) await chosen.close();
        const used = chosen && chosen !== dir ? [dir, chosen] : [dir];
        const line = `LDAP requests: ${used.reduce((n, d) => n + d.stats.searches, 0)} searches, ${used.reduce((n, d) => n + d.stats.modifies, 0)} modifies`;
        if (options.stats) log.info(line);
        else log.debug(line);
        await dir.close();
      }
    },
  };
}

export function searchBase(ctx: Pick<Context, 'options'>, dir: Directory): string {
  return ctx.options.searchBase ?? dir.root.defaultNamingContext;
}
