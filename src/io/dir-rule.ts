/**
 * Who else can change what kcdmesh writes in a directory. Pure: mode bits and ids in, a reason out.
 *
 * The rule: a directory on the way to a kcdmesh file must not be writable by other users unless
 * the sticky bit is set (as on /tmp). Without it another user can rename or replace our backup,
 * change log or record, or plant a link where we are about to write. Group-writable is accepted
 * only for our own primary group (the user-private-group convention); any other group counts as
 * other users. With the sticky bit others cannot touch our entries, and kcdmesh creates its files
 * with O_EXCL and appends only to files it owns, so a name planted in advance is refused.
 */
export interface DirFacts {
  path: string;
  mode: number;
  uid: number;
  gid: number;
}

export interface Me {
  uid: number;
  gid: number;
}

const STICKY = 0o1000;

export function dirProblem(d: DirFacts, me: Me): { why: string; fix: string } | null {
  if (d.mode & STICKY) return null;
  if (d.mode & 0o002) return { why: `${d.path} is writable by every user`, fix: `chmod o-w ${d.path}` };
  if (d.mode & 0o020 && d.gid !== me.gid) return { why: `${d.path} is writable by group ${d.gid}`, fix: `chmod g-w ${d.path}` };
  if (d.uid !== me.uid && d.uid !== 0 && d.mode & 0o200) return { why: `${d.path} belongs to another user (uid ${d.uid})`, fix: 'use a directory of your own' };
  return null;
}

/** Every directory from `dir` up to the root: each one can be renamed away by whoever writes its parent. */
export function ancestors(dir: string, sep = '/'): string[] {
  const out: string[] = [];
  let cur = dir;
  for (;;) {
    out.push(cur);
    const cut = cur.lastIndexOf(sep);
    if (cut <= 0) {
      if (cur !== sep && cur.startsWith(sep)) out.push(sep);
      return out;
    }
    cur = cur.slice(0, cut);
  }
}
