import { Writable } from 'node:stream';
import { closeSync, openSync } from 'node:fs';
import winston from 'winston';
import { UsageError } from '../errors.js';
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
  if (file) {
    // Prove the file writable now: winston would otherwise fail later, on a stream, with a stack.
    try {
      closeSync(openSync(file, 'a', 0o600));
    } catch (err) {
      throw new UsageError(`cannot write the log file ${file} (${fsReason(err)})`, 'give --log-file a file in a directory you can write to');
    }
    const fileTransport = new winston.transports.File({
      filename: file,
      level: 'debug',
      format: winston.format.combine(winston.format.timestamp(), winston.format.printf(({ timestamp, level, message }) => `${String(timestamp)} ${level} ${String(message)}`)),
    });
    fileTransport.on('error', (err: Error) => sink.write(`kcdmesh: warn: the log file ${file} stopped accepting lines (${err.message})\n`));
    transports.push(fileTransport);
  }
  return winston.createLogger({ level: 'debug', transports });
}
