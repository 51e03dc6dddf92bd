export type Level = 'debug' | 'info' | 'warn' | 'error';

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
 * Logs for people: `kcdmesh: warn: ...` on stderr (or a test's buffer), never stdout. -v adds debug lines.
 * The lines are written straight to the sink; winston (ui/log-file.ts) is loaded only for --log-file,
 * which gets every line with a timestamp.
 */
/** A logger that can also put in --log-file a line the caller has already shown (the run's final error). */
export interface RunLogger extends Logger {
  /** To --log-file only (nothing without one): the sink has the line already. */
  fileOnly(level: Level, message: string): void;
}

export async function createLogger(sink: Sink, verbosity: number, file?: string): Promise<RunLogger> {
  const toFile = file ? (await import('./log-file.js')).openLogFile(sink, file) : null;
  const line = (level: Level, shown: boolean) => (message: string): void => {
    if (shown) sink.write(`kcdmesh: ${level === 'info' ? '' : `${level}: `}${String(message)}\n`);
    toFile?.log(level, message);
  };
  return {
    debug: line('debug', verbosity > 0),
    info: line('info', true),
    warn: line('warn', true),
    error: line('error', true),
    fileOnly: (level, message) => toFile?.log(level, message),
  };
}
