import { statfsSync } from 'node:fs';
import { statfs } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';

/**
 * Linux file systems whose "files" are windows into the kernel (/proc, /sys, ...): they open as
 * regular files, and then refuse or misread what is written (EINVAL, EIO), or act on it. A log or a
 * record sent there is lost, so such a path is refused before anything is written.
 * Magic numbers from linux/magic.h.
 */
const KERNEL_FS = new Map<number, string>([
  [0x9fa0, '/proc'],
  [0x62656572, '/sys'],
  [0x64626720, 'debugfs'],
  [0x74726163, 'tracefs'],
  [0x27e0eb, 'cgroup'],
  [0x63677270, 'cgroup2'],
  [0x73636673, 'securityfs'],
  [0x62656570, 'configfs'],
  [0xcafe4a11, 'bpf'],
  [0xde5e81e4, 'efivarfs'],
  [0x6165676c, 'pstore'],
]);

const nameOf = (type: number | bigint): string | null => KERNEL_FS.get(Number(BigInt.asUintN(32, BigInt(type)))) ?? null;

/** The kernel file system `path` (or, when missing, its directory) is on, or null. Windows: always null. */
export function kernelFsOfSync(path: string): string | null {
  if (process.platform !== 'linux') return null;
  for (const p of [path, dirname(resolve(path))]) {
    try {
      return nameOf(statfsSync(p).type);
    } catch {
      // missing: ask its directory
    }
  }
  return null;
}

export async function kernelFsOf(path: string): Promise<string | null> {
  if (process.platform !== 'linux') return null;
  for (const p of [path, dirname(resolve(path))]) {
    const fs = await statfs(p).catch(() => null);
    if (fs) return nameOf(fs.type);
  }
  return null;
}

/** "it is on /proc, a kernel file system that keeps nothing written to it" */
export function kernelFsWords(fs: string): string {
  return `it is on ${fs}, a kernel file system, not a place that keeps what is written`;
}
