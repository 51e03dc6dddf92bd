/** Every format kcdmesh writes on stdout; which command writes which is decided in config/options.ts. */
export const OUTPUT_FORMATS = ['text', 'json', 'markdown', 'junit', 'ldif', 'powershell', 'hyperv'] as const;
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];
