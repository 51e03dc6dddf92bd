import type { Connection } from '../config/connection.js';
import type { Logger } from '../ui/logger.js';
import type { Directory } from './directory.js';

/** Failures that say nothing about the next DC (unreachable, unresolvable, silent): try the next. */
const UNREACHABLE = /refused|cannot resolve|did not answer|connection to \S+ lost/i;

/**
 * Open the first DC that answers, in the order given (the URL, then the DNS SRV order). A DC that
 * answers and refuses (credentials, rights, Kerberos) ends the search: the next one would say the same.
 */
export async function openFirstDc(conn: Connection, open: (c: Connection, log: Logger) => Promise<Directory>, log: Logger): Promise<Directory> {
  const urls = [conn.url, ...conn.fallbackUrls];
  for (let i = 0; ; i++) {
    try {
      const dir = await open({ ...conn, url: urls[i], fallbackUrls: [] }, log);
      if (conn.domain) log.info(`using DC ${urls[i]} (DNS SRV records of ${conn.domain}${i ? `; ${i} before it did not answer` : ''})`);
      return dir;
    } catch (err) {
      if (i + 1 >= urls.length || !(err instanceof Error) || !UNREACHABLE.test(err.message)) throw err;
      log.warn(`${urls[i]}: ${err.message}; trying ${urls[i + 1]}`);
    }
  }
}
