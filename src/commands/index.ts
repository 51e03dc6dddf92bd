/**
 * Every command and the directory session: what runs once a command line has been parsed. Loaded as one
 * part, when a command runs, so that --help, --version and a flag error load none of it; one part (in
 * the bundle, one file and the few it shares) rather than one per command, as each file costs more to
 * find and load than its code costs to compile.
 */
export { applyCommand } from './apply.js';
export { discoverCommand } from './discover.js';
export { offboardCommand } from './offboard.js';
export { onboardCommand } from './onboard.js';
export { planCommand } from './plan.js';
export { rollbackCommand } from './rollback.js';
export { verifyCommand } from './verify.js';
export { directorySession } from '../read/session.js';
