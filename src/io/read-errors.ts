import { UsageError } from '../errors.js';

/** Why a file kcdmesh was asked to read was not read: one line, a hint, and a code tests can match. */
export class FileReadError extends UsageError {
  constructor(
    readonly code: 'not-found' | 'denied' | 'not-regular' | 'too-large' | 'timeout' | 'encoding' | 'io',
    message: string,
    hint: string,
  ) {
    super(message, hint);
    this.name = 'FileReadError';
  }
}
