/** Colour only when asked for (a terminal, and NO_COLOR unset); plain text otherwise. */
export interface Style {
  add(s: string): string;
  remove(s: string): string;
  change(s: string): string;
  bold(s: string): string;
  dim(s: string): string;
  warn(s: string): string;
}

const wrap = (open: number, close: number) => (s: string) => `\u001b[${open}m${s}\u001b[${close}m`;

export const PLAIN: Style = { add: String, remove: String, change: String, bold: String, dim: String, warn: String };

export const COLOUR: Style = {
  add: wrap(32, 39),
  remove: wrap(31, 39),
  change: wrap(33, 39),
  bold: wrap(1, 22),
  dim: wrap(2, 22),
  warn: wrap(33, 39),
};

export function chooseStyle(isTTY: boolean, env: NodeJS.ProcessEnv): Style {
  return isTTY && env.NO_COLOR === undefined && env.TERM !== 'dumb' ? COLOUR : PLAIN;
}
