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
export function createLogger(sink: Sink, verbosity: number): Logger {
  const stream = new Writable({
    write(chunk: Buffer | string, _enc, done) {
      sink.write(chunk.toString());
      done();
    },
  });
  return winston.createLogger({
    level: verbosity > 0 ? 'debug' : 'info',
    format: winston.format.printf(({ level, message }) => `kcdmesh: ${level === 'info' ? '' : `${level}: `}${String(message)}`),
    transports: [new winston.transports.Stream({ stream })],
  });
}
