/**
 * Asks the browser to keep this origin's storage (the till's queue lives in IndexedDB) and
 * says whether it agreed. Without it, a browser may evict the storage under pressure, and
 * Safari deletes script-writable storage of a site not used for 7 days (unless the till is
 * installed as a home-screen web app): see the README's "The web till".
 */
import { byId } from './dom.js';

/** "kept" (persistent), "best effort" (may be evicted), or "unknown" (no Storage API). */
export type StorageKeeping = 'kept' | 'best-effort' | 'unknown';

/** Calls `navigator.storage.persist()` once and shows the answer. */
export async function keepStorage(): Promise<StorageKeeping> {
  const line = byId('storage');
  const storage = navigator.storage as StorageManager | undefined;
  if (!storage?.persist) {
    line.textContent = 'Storage: this browser cannot promise to keep it';
    line.dataset.persisted = 'unknown';
    return 'unknown';
  }
  const kept = (await storage.persisted()) || (await storage.persist().catch(() => false));
  line.dataset.persisted = String(kept);
  line.textContent = kept
    ? 'Storage: kept (the browser agreed not to evict the queue)'
    : 'Storage: best effort (the browser did not promise to keep it; sync often)';
  return kept ? 'kept' : 'best-effort';
}
