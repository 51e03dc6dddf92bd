/** A file-system error in words a user acts on, with the code for searching. */
export function fsReason(err: unknown): string {
  const code = (err as NodeJS.ErrnoException).code ?? '';
  const words: Record<string, string> = {
    ENOENT: 'no such file or directory',
    EACCES: 'permission denied',
    EPERM: 'permission denied',
    EROFS: 'read-only file system',
    ENOTDIR: 'part of the path is not a directory',
    EEXIST: 'part of the path is not a directory',
    ENOSPC: 'no space left on the device',
    EISDIR: 'is a directory',
    EIO: 'input/output error',
    EFBIG: 'file too large (the file system, or your limit on file size)',
    EDQUOT: 'disk quota exceeded',
    ELOOP: 'too many symbolic links in the path',
    ENAMETOOLONG: 'file name too long',
  };
  return code ? `${words[code] ?? 'error'}, ${code}` : String(err);
}
