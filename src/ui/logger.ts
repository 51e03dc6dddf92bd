import { Writable } from 'node:stream';
import { closeSync, openSync, writeSync } from 'node:fs';
import winston from 'winston';
import { UsageError } from '../errors.js';
import { SYNC_APPEND_FLAGS, refuseSpecialSync } from '../io/special-file.js';
import { fsReason } from '../render/fs-reason.js';

export interface Logger {
  debug(message: string): void;
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

export interface Sink {
  write(text: string): void;
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

/** Logs for people: `kcdmesh: warn: ...` on stderr (or a test's buffer), never stdout. -v adds debug lines. */
export function createLogger(sink: Sink, verbosity: number, file?: string): Logger {
  const stream = new Writable({
    write(chunk: Buffer | string, _enc, done) {
      sink.write(chunk.toString());
      done();
    },
  });
  const transports: winston.transport[] = [
    new winston.transports.Stream({
      stream,
      level: verbosity > 0 ? 'debug' : 'info',
      format: winston.format.printf(({ level, message }) => `kcdmesh: ${level === 'info' ? '' : `${level}: `}${String(message)}`),
    }),
  ];
  if (file !== undefined) {
    // Prove the file writable now: winston would otherwise fail later, on a stream, with a stack.
    // A FIFO, a device or a link is refused first: opening a FIFO to write would wait for a reader forever.
    refuseSpecialSync(file, 'log file', 'give --log-file a regular file in a directory you can write to');
    try {
      closeSync(openSync(file, SYNC_APPEND_FLAGS, 0o600));
    } catch (err) {
      throw new UsageError(`cannot write the log file ${file} (${fsReason(err)})`, 'give --log-file a file in a directory you can write to');
    }
    transports.push(new winston.transports.Stream({
      stream: appendStream(file, sink),
      level: 'debug',
      format: winston.format.combine(winston.format.timestamp(), winston.format.printf(({ timestamp, level, message }) => `${String(timestamp)} ${level} ${String(message)}`)),
    }));
  }
  return winston.createLogger({ level: 'debug', transports });
}
