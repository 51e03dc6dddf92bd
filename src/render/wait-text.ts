import { waitSummary, type DcWaitState } from '../core/wait.js';

/** The end of a --wait-replication: one line per writable DC, then the verdict. */
export function renderWaitText(dcs: readonly DcWaitState[], seconds: number): string {
  const lines = dcs.map((s) => {
    if (s.status === 'in-step') return `  ${s.dc}: holds the change${s.seconds ? ` (after ${s.seconds.toFixed(1)} s)` : ''}`;
    if (s.status === 'unreachable') return `  ${s.dc}: not reached (${s.detail[0]})`;
    return `  ${s.dc}: behind (${s.detail.slice(0, 3).join('; ')}${s.detail.length > 3 ? `; ${s.detail.length - 3} more` : ''})`;
  });
  return `${waitSummary(dcs, seconds)}\n${lines.join('\n')}\n`;
}
