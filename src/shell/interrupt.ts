import type { Hold } from '../read/session.js';

/**
 * How a run ends early: a signal, or a stdout nobody reads any more. The write path holds the run
 * while it sends modifies and records them; an interruption then stops new modifies (through
 * `signal`) and waits for the hold to be released, so every modify sent is on record. Without a
 * hold the run ends at once. A second interruption ends it at once, whatever is held.
 */
export type StopReason = 'SIGINT' | 'SIGTERM' | 'SIGHUP' | 'EPIPE';

/** 128 + the signal number, as a shell reports a process ended by it; EPIPE as SIGPIPE (13). */
export const STOP_EXIT: Record<StopReason, number> = { SIGHUP: 129, SIGINT: 130, EPIPE: 141, SIGTERM: 143 };

export function stopLine(reason: StopReason, held: boolean): string {
  const what = reason === 'EPIPE' ? 'standard output was closed' : `interrupted by ${reason}`;
  return held ? `kcdmesh: ${what}: no further host is written; recording the hosts already sent, then stopping` : `kcdmesh: ${what}`;
}


export class Interrupter implements Hold {
  private readonly controller = new AbortController();
  private holds = 0;
  private waiters: Array<() => void> = [];
  reason: StopReason | null = null;

  get signal(): AbortSignal {
    return this.controller.signal;
  }

  get exitCode(): number | null {
    return this.reason ? STOP_EXIT[this.reason] : null;
  }

  get held(): boolean {
    return this.holds > 0;
  }

  hold(): () => void {
    this.holds++;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.holds--;
      if (this.holds === 0) for (const w of this.waiters.splice(0)) w();
    };
  }

  /** 'first' for the first interruption, 'again' for any later one (the caller ends at once). */
  interrupt(reason: StopReason): 'first' | 'again' {
    if (this.reason) return 'again';
    this.reason = reason;
    this.controller.abort(new Error(stopLine(reason, false)));
    return 'first';
  }

  /** Resolves when nothing is held. */
  released(): Promise<void> {
    return this.holds === 0 ? Promise.resolve() : new Promise((resolve) => this.waiters.push(resolve));
  }
}
