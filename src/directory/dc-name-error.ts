import { NotSentError } from '../errors.js';

/**
 * A DC's name that does not resolve, or that its certificate does not hold: nothing was sent to it.
 * Kept apart so that a DC found in the directory (by its dNSHostName) can be told a fix other than
 * --url; and in a file of its own, without ldapts, so that the session can test for it and --help
 * and --version still load no LDAP code.
 */
export class DcNameError extends NotSentError {
  constructor(
    message: string,
    hint: string,
    readonly reason: 'unresolved' | 'certificate-name',
    readonly url: string,
  ) {
    super(message, hint);
    this.name = 'DcNameError';
  }
}
