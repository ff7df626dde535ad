/** What the ledger's thread asks the embedded database's thread; every request has an `id`. */
export type WorkerRequest =
  | { readonly id: number; readonly op: 'ping' }
  | { readonly id: number; readonly op: 'query'; readonly sql: string; readonly params?: readonly unknown[]; readonly tx?: number }
  | { readonly id: number; readonly op: 'exec'; readonly sql: string }
  | { readonly id: number; readonly op: 'begin' }
  | { readonly id: number; readonly op: 'end'; readonly tx: number; readonly commit: boolean }
  /**
   * Closes PGlite: nothing new is admitted (ping, queries, new transactions); transactions under
   * way may go on for `rollbackAfterMs`, then the ones still open are rolled back.
   */
  | { readonly id: number; readonly op: 'close'; readonly rollbackAfterMs: number };

/** An error as it crosses threads: its name, message, and its primitive fields (`code`, `detail`...). */
export type SerializedError = { readonly name: string; readonly message: string } & Record<string, string | number | boolean>;

/** The answer to one request. */
export type WorkerReply =
  | { readonly id: number; readonly ok: true; readonly value: unknown }
  | { readonly id: number; readonly ok: false; readonly error: SerializedError };

/** An error, with what callers match on (`code`, the SQLSTATE), in a form `postMessage` keeps. */
export function serializeError(error: unknown): SerializedError {
  if (!(error instanceof Error)) return { name: 'Error', message: String(error) };
  const fields: Record<string, string | number | boolean> = {};
  for (const [key, value] of Object.entries(error)) {
    if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') fields[key] = value;
  }
  return { ...fields, name: error.name, message: error.message };
}

/** The error again, on this side: an `Error` with the same name, message and fields. */
export function deserializeError(serialized: SerializedError): Error {
  const { name, message, ...fields } = serialized;
  const error = Object.assign(new Error(message), fields);
  error.name = name;
  return error;
}
