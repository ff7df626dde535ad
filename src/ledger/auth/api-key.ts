import { createHash, randomBytes } from 'node:crypto';

/** Makes a new API key: a prefix that says what it is for, then 32 random bytes. */
export function generateApiKey(kind: 'terminal' | 'admin'): string {
  return `tp_${kind === 'terminal' ? 'term' : 'admin'}_${randomBytes(32).toString('base64url')}`;
}

/**
 * The stored form of a key. Keys are 256 random bits, so a plain SHA-256 cannot be
 * reversed or guessed; a slow password hash would only slow every request.
 */
export function hashApiKey(key: string): string {
  return createHash('sha256').update(key).digest('base64url');
}
