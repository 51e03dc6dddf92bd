/**
 * An expected failure: one line for the user, a hint saying what to do, and the exit code.
 * Anything else that escapes a command is an internal error and is shown with its stack.
 */
export class KcdmeshError extends Error {
  constructor(
    message: string,
    readonly hint: string,
    readonly exitCode: number = 1,
  ) {
    super(message);
    this.name = 'KcdmeshError';
  }
}

/** Bad input from the user (flags, names, files). Never reaches the directory. */
export class UsageError extends KcdmeshError {
  constructor(message: string, hint: string) {
    super(message, hint, 1);
    this.name = 'UsageError';
  }
}
