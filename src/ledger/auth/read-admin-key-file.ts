import { readFileSync, statSync } from 'node:fs';

/**
 * Reads an admin key from a file (surrounding whitespace trimmed), refusing a file that
 * other users may read (it must be `chmod 600` or stricter, on systems with Unix modes).
 * Throws an `Error` whose message says what to fix.
 */
export function readAdminKeyFile(path: string): string {
  const stat = statSync(path);
  if (!stat.isFile()) throw new Error(`the admin key file ${path} is not a file`);
  if (process.platform !== 'win32' && (stat.mode & 0o044) !== 0) {
    throw new Error(`the admin key file ${path} is readable by other users; run chmod 600 ${path}`);
  }
  const key = readFileSync(path, 'utf8').trim();
  if (!key) throw new Error(`the admin key file ${path} is empty`);
  return key;
}
