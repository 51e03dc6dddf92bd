/** kcdmesh's version, recorded in backups and reports and shown by --version. */
export const VERSION = '0.1.0';
