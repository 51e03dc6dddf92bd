import { Writable } from 'node:stream';
import winston from 'winston';

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
    transports.push(new winston.transports.File({
      filename: file,
      level: 'debug',
      format: winston.format.combine(winston.format.timestamp(), winston.format.printf(({ timestamp, level, message }) => `${String(timestamp)} ${level} ${String(message)}`)),
    }));
  }
  return winston.createLogger({ level: 'debug', transports });
}
