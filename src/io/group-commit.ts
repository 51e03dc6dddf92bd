/**
 * Group commit for an append-only record: pieces asked for while a flush is on its way go to disk
 * together in the next flush, in the order asked. Four modifies in flight, each waiting for its
 * intent and its outcome, cost one write and one sync per batch instead of one per line; on a disk
 * whose sync takes milliseconds that is what bounds the rate of writes.
 *
 * Each piece's promise resolves once the flush that carried it has. After a failed flush every piece
 * asked for later fails with the same error and nothing more is flushed: what reached the disk stays
 * a prefix of what was asked (the flush itself leaves no part of its batch behind).
 */
export interface GroupCommit {
  push(piece: Buffer): Promise<void>;
  /** Resolves once nothing is waiting or being flushed. */
  idle(): Promise<void>;
}

/** A batch stops growing at this size (one piece bigger than it is flushed alone). */
export const MAX_BATCH_BYTES = 1024 * 1024;

interface Waiting {
  piece: Buffer;
  resolve(): void;
  reject(err: unknown): void;
}

export function groupCommit(flush: (batch: Buffer) => Promise<void>, maxBatch = MAX_BATCH_BYTES): GroupCommit {
  const queue: Waiting[] = [];
  let failure: { err: unknown } | null = null;
  let running: Promise<void> | null = null;

  const take = (): Waiting[] => {
    let size = 0;
    let n = 0;
    while (n < queue.length && (n === 0 || size + queue[n].piece.length <= maxBatch)) size += queue[n++].piece.length;
    return queue.splice(0, n);
  };

  const drain = async (): Promise<void> => {
    // `running` is set before the loop can end, even when a flush fails at once (throws before it awaits).
    await Promise.resolve();
    while (queue.length > 0) {
      const batch = take();
      if (failure) {
        for (const w of batch) w.reject(failure.err);
        continue;
      }
      try {
        await flush(batch.length === 1 ? batch[0].piece : Buffer.concat(batch.map((w) => w.piece)));
        for (const w of batch) w.resolve();
      } catch (err) {
        failure = { err };
        for (const w of batch) w.reject(err);
      }
    }
    running = null;
  };

  return {
    push(piece) {
      if (failure) return Promise.reject(failure.err);
      const done = new Promise<void>((resolve, reject) => queue.push({ piece, resolve, reject }));
      running ??= drain();
      return done;
    },
    async idle() {
      while (running) await running;
    },
  };
}
