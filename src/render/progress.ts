/** Where progress goes: the terminal's stderr (a test's buffer in tests). */
export interface ProgressSink {
  write(text: string): void;
  isTTY?: boolean;
}

/** What a long run is doing, one line per step, so a slow DC is told apart from a hung one. */
export interface Progress {
  step(text: string): void;
}

/** Up to this many hosts a run is quick: no progress lines. */
export const HANDFUL = 5;

export const NO_PROGRESS: Progress = { step: () => undefined };

export interface ProgressWhen {
  quiet: boolean;
  /** Hosts named, or null when they are discovered (the count is not known before the read). */
  hosts: number | null;
}

/**
 * Progress only for people watching: on a terminal, for more than a handful of hosts (or an unknown
 * number), and never with --quiet. Pipelines and redirected stderr get none.
 */
export function createProgress(sink: ProgressSink, when: ProgressWhen): Progress {
  if (when.quiet || !sink.isTTY || (when.hosts !== null && when.hosts <= HANDFUL)) return NO_PROGRESS;
  return { step: (text) => sink.write(`kcdmesh: ${text} ...\n`) };
}
