import { expect } from '@jest/globals';

/** The error `p` rejects with, checked to be a `kind`; fails the test when `p` resolves. */
export async function refusal<E extends Error>(p: Promise<unknown>, kind: new (...args: never[]) => E): Promise<E> {
  try {
    await p;
  } catch (err) {
    expect(err).toBeInstanceOf(kind);
    return err as E;
  }
  throw new Error('expected a refusal');
}
