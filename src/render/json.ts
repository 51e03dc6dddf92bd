/** Bumped when a field changes meaning or goes away; new fields may appear without a bump. */
export const FORMAT_VERSION = 1;

/** Machine output: one JSON document on stdout, versioned. */
export function renderJson(kind: string, body: object): string {
  return `${JSON.stringify({ formatVersion: FORMAT_VERSION, kind, ...body }, null, 2)}\n`;
}
