import { KcdmeshError } from '../errors.js';

/** Why kcdmesh could not write one of its own files: one line, a hint, a code tests can match. */
export class FileWriteError extends KcdmeshError {
  constructor(
    readonly code: 'unsafe-dir' | 'not-regular' | 'link' | 'not-owner' | 'exists' | 'no-space' | 'io',
    message: string,
    hint: string,
  ) {
    super(message, hint);
    this.name = 'FileWriteError';
  }
}
