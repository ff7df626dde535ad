import type { SqlExecutor } from '../sql/sql-database.js';
import { findAdminKey } from '../store/admin-key-store.js';
import { findTerminalByKey, type TerminalIdentity } from '../store/terminal-store.js';
import { LedgerHttpError } from './ledger-http-error.js';

/** Who is calling: a terminal of a store, or the loyalty team with an admin key (by its public id). */
export type Caller =
  | { readonly kind: 'terminal'; readonly terminal: TerminalIdentity }
  | { readonly kind: 'admin'; readonly keyId: string };

function bearerToken(request: Request): string | undefined {
  const header = request.headers.get('authorization');
  const match = header ? /^Bearer\s+(\S+)\s*$/i.exec(header) : null;
  return match?.[1];
}

/** Identifies the caller from `Authorization: Bearer <key>`, or throws 401. `at` is the ledger's clock. */
export async function authenticate(db: SqlExecutor, request: Request, at: string): Promise<Caller> {
  const key = bearerToken(request);
  if (!key || key.length > 200) {
    throw new LedgerHttpError(401, 'unauthorized', 'send an API key as "Authorization: Bearer <key>"');
  }
  if (key.startsWith('tp_admin_')) {
    const keyId = await findAdminKey(db, key, at);
    if (keyId) return { kind: 'admin', keyId };
  }
  const terminal = await findTerminalByKey(db, key);
  if (terminal) return { kind: 'terminal', terminal };
  throw new LedgerHttpError(401, 'unauthorized', 'the API key is unknown or revoked');
}

/** Throws 403 unless `caller` may use an endpoint open to `auth`. */
export function authorize(caller: Caller, auth: 'terminal' | 'admin' | 'any'): void {
  if (auth !== 'any' && caller.kind !== auth) {
    throw new LedgerHttpError(
      403,
      'forbidden',
      `this endpoint needs ${auth === 'admin' ? 'an admin' : 'a terminal'} key`,
    );
  }
}

/** Throws 403 unless the caller is a terminal; returns its identity. */
export function requireTerminal(caller: Caller | { readonly kind: 'public' }): TerminalIdentity {
  if (caller.kind !== 'terminal')
    throw new LedgerHttpError(403, 'forbidden', 'this endpoint needs a terminal key');
  return caller.terminal;
}

/** Throws 403 `terminal_mismatch` when a message speaks for another terminal or store than its key. */
export function requireSameTerminal(
  terminal: TerminalIdentity,
  claimed: { terminalId: string; storeId: string },
  where: string,
): void {
  if (claimed.terminalId !== terminal.terminalId || claimed.storeId !== terminal.storeId) {
    throw new LedgerHttpError(
      403,
      'terminal_mismatch',
      `${where} names terminal ${claimed.terminalId} of store ${claimed.storeId}, but the key belongs to terminal ${terminal.terminalId} of store ${terminal.storeId}`,
    );
  }
}
