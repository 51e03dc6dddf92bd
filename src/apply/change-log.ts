import { once } from 'node:events';
import { appendFile, mkdir } from 'node:fs/promises';
import { createWriteStream } from 'node:fs';
import { dirname } from 'node:path';
import winston from 'winston';
import { KcdmeshError } from '../errors.js';
import { fsReason } from '../render/fs-reason.js';

/** One modify kcdmesh sent, for auditors to pair with the DC's own 5136 events. */
export interface ChangeRecord {
  time: string;
  command: string;
  bindIdentity: string;
  /** The URL written to, and that DC's own name (its rootDSE dnsHostName). */
  dc: string;
  dcHost: string;
  host: string;
  dn: string;
  added: readonly string[];
  removed: readonly string[];
  uacBefore: number | null;
  uacAfter: number | null;
  result: 'ok' | 'failed';
  error?: string;
  backup: string;
}

export interface ChangeLog {
  record(r: ChangeRecord): void;
  close(): Promise<void>;
}

/** Open (append) the change log, proving it writable before anything is sent to the directory. */
export async function openChangeLog(file: string): Promise<ChangeLog> {
  try {
    await mkdir(dirname(file), { recursive: true, mode: 0o700 });
    await appendFile(file, '', { mode: 0o600 });
  } catch (err) {
    throw new KcdmeshError(`cannot write the change log ${file} (${fsReason(err)}); nothing was written to the directory`, 'give a writable file with --change-log');
  }
  const stream = createWriteStream(file, { flags: 'a' });
  const logger = winston.createLogger({
    level: 'info',
    format: winston.format.printf((info) => JSON.stringify(info.record)),
    transports: [new winston.transports.Stream({ stream })],
  });
  return {
    record(r) {
      logger.info('change', { record: r });
    },
    async close() {
      const done = once(logger, 'finish');
      logger.end();
      await done;
      stream.end();
      await once(stream, 'finish');
    },
  };
}
