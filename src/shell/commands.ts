/**
 * Every command, the directory session and the LDAP directory (ldapts): what runs once a command line has
 * been parsed. Loaded as one part, when a command runs, so that --help, --version and a flag error load
 * none of it; one part (in the bundle, one file and the few it shares) rather than one per command, as
 * each file costs more to find and load than its code costs to compile.
 */
export { applyCommand } from '../commands/apply.js';
export { discoverCommand } from '../commands/discover.js';
export { offboardCommand } from '../commands/offboard.js';
export { onboardCommand } from '../commands/onboard.js';
export { planCommand } from '../commands/plan.js';
export { rollbackCommand } from '../commands/rollback.js';
export { verifyCommand } from '../commands/verify.js';
export { directorySession } from '../read/session.js';
export { openLdapDirectory } from '../directory/ldap-directory.js';
