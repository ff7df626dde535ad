import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ledgerLimitsV1Schema, type LedgerLimitsV1 } from '../protocol/index.js';
import { DEFAULT_RULES_GRACE_MS } from './apply/apply-intents.js';
import { generateApiKey } from './auth/api-key.js';
import type { CorsOrigins } from './http/cors.js';
import { createLedgerHandler } from './http/ledger-server.js';
import { migrate } from './schema/migrate.js';
import { openDatabase, type DatabaseConfig } from './sql/open-database.js';
import type { SqlDatabase } from './sql/sql-database.js';
import { registerAdminKey } from './store/terminal-store.js';

/** Options of {@link createLedger}. */
export interface LedgerOptions {
  /**
   * Where the ledger keeps its data: `{ kind: 'pglite', dataDir }` for the embedded
   * database (in memory without `dataDir`), `{ kind: 'postgres', url }` for a server.
   * @default { kind: 'pglite' }
   */
  readonly database?: DatabaseConfig;
  /**
   * An admin key to accept (stored hashed; kept across restarts). Without one, a new key
   * is made and shown as `ledger.adminKey`.
   */
  readonly adminKey?: string;
  /** Largest request body accepted. @default 4194304 (4 MiB) */
  readonly maxBodyBytes?: number;
  /**
   * After a new ruleset takes effect, how long a till's points by the previous version
   * still stand (the new one takes time to reach every till). @default 900000 (15 min)
   */
  readonly rulesGraceMs?: number;
  /**
   * Web origins whose pages (browser tills) may call the ledger: `'*'` or a list such as
   * `['https://pos.example.in']`. @default '*'
   */
  readonly corsOrigins?: CorsOrigins;
  /**
   * The program's default limits on what a till may do (a store's or the program's limits set
   * with `POST /v1/admin/limits` take precedence). Beyond a limit, an intent is rejected
   * `limit_exceeded`. `manualPointsPerBill` caps an accrual the earning rules do not earn (no
   * bill lines, or no ruleset published); the others are off unless set.
   * @default { manualPointsPerBill: 0 }
   * @example { manualPointsPerBill: 500, pointsPerBill: 5000, terminalPointsPerHour: 20000, terminalPointsPerDay: 100000, memberRedemptionsPerDay: 3 }
   */
  readonly limits?: LedgerLimitsV1;
  /** The ledger's clock. @default () => new Date() */
  readonly now?: () => Date;
  /** Receives the ledger's own faults (a 500 or 503 answer). @default console.error */
  readonly onError?: (error: unknown) => void;
}

/** A running reference ledger. */
export interface Ledger {
  /** The admin key this ledger accepts (the one given, or the one it made). */
  readonly adminKey: string;
  /** The storage, for tools and tests that inspect it. */
  readonly database: SqlDatabase;
  /** Starts serving HTTP; resolves with the base URL. @default port 0 (any free), host 127.0.0.1 */
  listen(port?: number, host?: string): Promise<string>;
  /** The base URL once listening. */
  readonly url: string | undefined;
  /** Stops serving and closes the database. */
  close(): Promise<void>;
}

/**
 * Opens the ledger's database, brings its schema up to date and returns a ledger ready
 * to `listen()`.
 *
 * @example
 * const ledger = await createLedger({ database: { kind: 'pglite', dataDir: './ledger-data' } });
 * console.log(await ledger.listen(8080), ledger.adminKey);
 */
export async function createLedger(options: LedgerOptions = {}): Promise<Ledger> {
  const maxBodyBytes = options.maxBodyBytes ?? 4 * 1024 * 1024;
  if (!Number.isSafeInteger(maxBodyBytes) || maxBodyBytes < 1024) {
    throw new RangeError('maxBodyBytes must be an integer of at least 1024');
  }
  const parsedLimits = ledgerLimitsV1Schema.safeParse(options.limits ?? {});
  if (!parsedLimits.success) throw new RangeError(`limits: ${parsedLimits.error.issues[0]?.path.join('.')}: ${parsedLimits.error.issues[0]?.message}`);
  const limits = parsedLimits.data;
  const database = await openDatabase(options.database ?? { kind: 'pglite' });
  await migrate(database);
  const adminKey = options.adminKey ?? generateApiKey('admin');
  if (!adminKey.startsWith('tp_admin_') || adminKey.length < 32) {
    await database.close();
    throw new RangeError('adminKey must start with "tp_admin_" and be at least 32 characters long');
  }
  await registerAdminKey(database, adminKey, options.adminKey ? 'configured' : 'generated');
  const handler = createLedgerHandler({
    db: database,
    maxBodyBytes,
    now: options.now ?? (() => new Date()),
    rulesGraceMs: options.rulesGraceMs ?? DEFAULT_RULES_GRACE_MS,
    limits,
    corsOrigins: options.corsOrigins ?? '*',
    onError: options.onError ?? ((error) => console.error('[tillpoints-ledger]', error)),
  });
  let server: Server | undefined;
  let url: string | undefined;
  return {
    adminKey,
    database,
    get url() {
      return url;
    },
    async listen(port = 0, host = '127.0.0.1') {
      if (server) throw new Error('the ledger is already listening');
      const s = createServer((req, res) => void handler(req, res));
      server = s;
      await new Promise<void>((resolve, reject) => {
        s.once('error', reject);
        s.listen(port, host, () => resolve());
      });
      const address = s.address() as AddressInfo;
      url = `http://${host.includes(':') ? `[${host}]` : host}:${address.port}`;
      return url;
    },
    async close() {
      if (server) {
        const s = server;
        server = undefined;
        s.closeAllConnections();
        await new Promise<void>((resolve) => s.close(() => resolve()));
      }
      await database.close();
    },
  };
}
