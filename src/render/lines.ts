/**
 * Appends `more` to `lines` one by one. `lines.push(...more)` passes each item as a call argument, and a
 * list that grows with N^2 (values, findings, testcases of a big mesh) passes the engine's limit on them
 * ("Maximum call stack size exceeded").
 */
export function append<T>(lines: T[], more: Iterable<T>): T[] {
  for (const l of more) lines.push(l);
  return lines;
}
