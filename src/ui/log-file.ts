import { closeSync, openSync, writeSync } from 'node:fs';
import { Writable } from 'node:stream';
import winston from 'winston';
import { UsageError } from '../errors.js';
import { SYNC_APPEND_FLAGS, refuseSpecialSync } from '../io/special-file.js';
import { fsReason } from '../render/fs-reason.js';
import type { Level, Sink } from './logger.js';

/** Where --log-file lines go: every level, debug included, with a timestamp. */
export interface LogFile {
  log(level: Level, message: string): void;
}

/**
 * Each log line appended to `file` at once (a run that ends early keeps every line). The first line
 * the file refuses is said once on the sink, with the reason; later lines go to the sink's lines only.
 */
function appendStream(file: string, sink: Sink): Writable {
  let failed = false;
  return new Writable({
    write(chunk: Buffer | string, _enc, done) {
      if (!failed) {
        try {
          const fd = openSync(file, SYNC_APPEND_FLAGS, 0o600);
          try {
            writeSync(fd, chunk.toString());
          } finally {
            closeSync(fd);
          }
        } catch (err) {
          failed = true;
          sink.write(`kcdmesh: warn: the log file ${file} refused a line (${fsReason(err)}); the rest of this run is not in it\n`);
        }
      }
      done();
    },
  });
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
  const transport = new winston.transports.Stream({
    stream: appendStream(file, sink),
    level: 'debug',
    format: winston.format.combine(winston.format.timestamp(), winston.format.printf(({ timestamp, level, message }) => `${String(timestamp)} ${level} ${String(message)}`)),
  });
  const logger = winston.createLogger({ level: 'debug', transports: [transport] });
  return { log: (level, message) => logger.log(level, message) };
}
