import { closeSync, openSync } from 'node:fs';
import winston from 'winston';
import { UsageError } from '../errors.js';
import { SYNC_APPEND_FLAGS, refuseSpecialSync } from '../io/special-file.js';
import { fsReason } from '../render/fs-reason.js';
import type { Level, Sink } from './logger.js';

/** Where --log-file lines go: every level, debug included, with a timestamp. */
export interface LogFile {
  log(level: Level, message: string): void;
}

/** Open --log-file through winston; `sink` (stderr) hears it when the file stops accepting lines. */
export function openLogFile(sink: Sink, file: string): LogFile {
  // Prove the file writable now: winston would otherwise fail later, on a stream, with a stack.
  // A FIFO, a device or a link is refused first: opening a FIFO to write would wait for a reader forever.
  refuseSpecialSync(file, 'log file', 'give --log-file a regular file in a directory you can write to');
  try {
    closeSync(openSync(file, SYNC_APPEND_FLAGS, 0o600));
  } catch (err) {
    throw new UsageError(`cannot write the log file ${file} (${fsReason(err)})`, 'give --log-file a file in a directory you can write to');
  }
  const transport = new winston.transports.File({
    filename: file,
    level: 'debug',
    format: winston.format.combine(winston.format.timestamp(), winston.format.printf(({ timestamp, level, message }) => `${String(timestamp)} ${level} ${String(message)}`)),
  });
  transport.on('error', (err: Error) => sink.write(`kcdmesh: warn: the log file ${file} stopped accepting lines (${err.message})\n`));
  const logger = winston.createLogger({ level: 'debug', transports: [transport] });
  return { log: (level, message) => logger.log(level, message) };
}
