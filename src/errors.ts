/**
 * An expected failure: one line for the user and a hint saying what to do. Anything else that
 * escapes a command is an internal error and is shown with its stack.
 */
export class KcdmeshError extends Error {
  constructor(
    message: string,
    readonly hint: string,
  ) {
    super(message);
    this.name = 'KcdmeshError';
  }
}

/** Bad input from the user (flags, names, files). Never reaches the directory. */
export class UsageError extends KcdmeshError {
  constructor(message: string, hint: string) {
    super(message, hint);
    this.name = 'UsageError';
  }
}

/** The user answered no at the confirmation: nothing was written. */
export class CancelledError extends KcdmeshError {
  constructor(command: string) {
    super(`${command} cancelled; nothing was written`, 'run again and answer yes, or use --yes');
    this.name = 'CancelledError';
  }
}

/** The directory moved between the plan on screen and the write: nothing was written. */
export class StalePlanError extends KcdmeshError {
  constructor() {
    super('the hosts changed in the directory since the plan was shown; nothing was written', 'run the command again and review the new plan');
    this.name = 'StalePlanError';
  }
}

/**
 * The directory answered a request with an LDAP result code (insufficient access, a value that
 * changed meanwhile, ...): the request was refused, the connection is still good.
 */
export class DirectoryRefusal extends KcdmeshError {
  constructor(
    message: string,
    hint: string,
    readonly resultCode: number,
  ) {
    super(message, hint);
    this.name = 'DirectoryRefusal';
  }
}

/** Exit codes, decided here and nowhere else: 0 done or clean, 2 changes pending or findings, 1 any error. */
export const EXIT = { ok: 0, error: 1, pending: 2 } as const;

/** Whether the command's work is done (0) or something is pending / was found (2). Errors throw (1). */
export type Outcome = 'clean' | 'pending';

/** An outcome, or whatever a run threw (any error is 1). */
export function exitCodeOf(result: unknown): number {
  if (result === 'clean') return EXIT.ok;
  if (result === 'pending') return EXIT.pending;
  return EXIT.error;
}
