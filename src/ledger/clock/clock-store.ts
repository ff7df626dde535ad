import type { SqlExecutor } from '../sql/sql-database.js';
import { CLOCK_DEADBAND_MS } from './till-clock.js';

/** Remembers a till's latest skew estimate, for its pushes that carry no clock reading (older SDKs). */
export async function saveSkew(tx: SqlExecutor, terminalId: string, skewMs: number, stored: number | null, at: string): Promise<void> {
  // Only a real change is written: most pushes of a till read the same clock.
  if (stored !== null && Math.abs(stored - skewMs) < CLOCK_DEADBAND_MS) return;
  await tx.query(`UPDATE terminals SET clock_skew_ms = $2, clock_read_at = $3::timestamptz WHERE terminal_id = $1`, [
    terminalId,
    Math.round(skewMs),
    at,
  ]);
}
