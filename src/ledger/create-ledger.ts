import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ledgerLimitsV1Schema, redemptionPolicyV1Schema, type LedgerLimitsV1, type RedemptionPolicyV1 } from '../protocol/index.js';
import { DEFAULT_RULES_GRACE_MS } from './apply/apply-intents.js';
import type { CorsOrigins } from './http/cors.js';
import { ledgerIds } from './clock/ledger-ids.js';
import { createLedgerHandler } from './http/ledger-server.js';
import { createNodeServer } from './http/node-listener.js';
import { sweepExpiredHolds } from './holds/sweep-holds.js';
import { migrate } from './schema/migrate.js';
import { openDatabase, type DatabaseConfig } from './sql/open-database.js';
import type { SqlDatabase } from './sql/sql-database.js';
import { signalCommits } from './sql/commit-signal.js';
import { LiveHub } from './live/live-hub.js';
import { resolveLiveStreamOptions, type LiveStreamOptions } from './live/live-options.js';
import { ensureFirstAdminKey, registerAdminKey } from './store/admin-key-store.js';
import { WebhookDeliverer } from './webhooks/webhook-deliverer.js';
import { resolveWebhookOptions, type WebhookOptions } from './webhooks/webhook-options.js';

/** Options of {@link createLedger}. */
export interface LedgerOptions {
  /**
   * Where the ledger keeps its data: `{ kind: 'pglite', dataDir }` for the embedded
   * database (in memory without `dataDir`), `{ kind: 'postgres', url }` for a server, or
   * `{ kind: 'shared', database }` for a database already open that the ledger migrates
   * and uses but does not own (`close()` leaves it open; a new ledger can take it over).
   * @default { kind: 'pglite' }
   */
  readonly database?: DatabaseConfig;
  /**
   * An admin key to accept (`tp_admin_` and at least 23 more characters; stored hashed,
   * kept across restarts, beside any other live admin keys). A key revoked before is
   * refused with a `RangeError`: revocation is for good.
   *
   * Without one, a key is made only on a database with no live admin key (the first
   * start), and shown once as `ledger.adminKey`; later starts make none. Keys are then
   * listed, made and revoked with the admin endpoints `/v1/admin/keys` or the CLI.
   * @example 'tp_admin_...' (from a secret store, never from source code)
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
  /**
   * The programme's default redemption policy: what tills may do offline, how long holds and
   * allowances live, the offline limits and who carries a shortfall. The programme's and each
   * store's policy set with `POST /v1/admin/policy` take precedence, field by field.
   * @default DEFAULT_REDEMPTION_POLICY (offline 'allowance', holds 15 min, allowances 1000 points for 480 min)
   * @example { offline: 'limit', limitPerRedemption: 300, shortfall: 'store_risk' }
   */
  readonly redemptionPolicy?: RedemptionPolicyV1;
  /**
   * How often the ledger expires holds and allowances past their expiry (by its clock). Holds
   * are also expired whenever the ledger touches their member; the sweep returns the points of
   * members nobody touches (a till that died). 0 turns the timer off (`sweepHolds()` still works).
   * @default 60000 (a minute)
   */
  readonly holdSweepMs?: number;
  /** The ledger's clock: the only one it reads while serving requests. @default () => new Date() */
  readonly now?: () => Date;
  /**
   * The random source of the ids the ledger makes (allowance holds, opening-balance intents):
   * ULIDs timed by `now`, their random part drawn from `random`. Given a seeded source (a
   * simulation, a test), the same requests at the same times get the same ids. API keys and
   * PIN salts are secrets and never come from it. @default the platform's cryptographic generator
   */
  readonly random?: () => number;
  /**
   * Webhook delivery (subscriptions are made with `POST /v1/admin/webhooks`): the timeout of one
   * POST, the retry delays, when a delivery becomes a dead letter, how many are sent at once.
   * @default { deadLetterAfterMs: 86400000, timeoutMs: 10000, concurrency: 16, retryBaseMs: 1000, retryMaxMs: 3600000, pollMs: 5000 }
   * @example { deadLetterAfterMs: 6 * 3600_000, timeoutMs: 5000 }
   */
  readonly webhooks?: WebhookOptions;
  /** Receives the ledger's own faults (a 500 or 503 answer), and each webhook dead letter (`WebhookDeadLetterError`). @default console.error */
  readonly onError?: (error: unknown) => void;
  /**
   * The live stream to tills (`POST /v1/stream`): heartbeat, reconnect hint, bounds on open
   * streams, and the slow re-read that sees other ledger processes' commits.
   * @default { heartbeatMs: 15000, retryMs: 2000, maxStreams: 1000, maxStreamsPerTerminal: 4, recheckMs: 5000 }
   * @example stream: { heartbeatMs: 25000, maxStreams: 5000 }
   */
  readonly stream?: LiveStreamOptions;
}

/** A running reference ledger. */
export interface Ledger {
  /**
   * The admin key given in the options, or the one made on a first start (show it once,
   * it is stored only hashed). `undefined` when none was given and the database already
   * had a live admin key: those keys still work.
   */
  readonly adminKey: string | undefined;
  /** The storage, for tools and tests that inspect it. */
  readonly database: SqlDatabase;
  /**
   * Answers one request in-process, with no socket: the same handler `listen()` serves (routing,
   * keys, validation, errors), for simulators and tests. Never rejects for a client's mistake.
   * @example const res = await ledger.fetch(new Request('http://ledger/v1/health'));
   */
  fetch(request: Request): Promise<Response>;
  /** Starts serving HTTP; resolves with the base URL. @default port 0 (any free), host 127.0.0.1 */
  listen(port?: number, host?: string): Promise<string>;
  /** The base URL once listening. */
  readonly url: string | undefined;
  /**
   * Expires every hold and allowance past its expiry now, by the ledger's clock (what the
   * periodic sweep does); resolves with how many it expired.
   */
  sweepHolds(): Promise<number>;
  /**
   * Resolves once the webhook deliverer is quiet: no pass over the outbox running, no POST in
   * flight (one waiting on a slow receiver keeps it pending until its timeout). For tests and
   * simulators that drive the ledger's time.
   */
  webhooksSettled(): Promise<void>;
  /** How many live streams to tills are open now (`POST /v1/stream`). */
  readonly openStreams: number;
  /**
   * Stops serving, ends the open streams and closes the database (a `shared` database is left
   * open). Settles in bounded time: requests still running get a `503 storage_unavailable` for
   * new database work, and a transaction under way gets the database's `closeWaitMs` to commit
   * before it is rolled back. Calling it again returns the same promise.
   */
  close(): Promise<void>;
}

/**
 * Opens the ledger's database, brings its schema up to date and returns a ledger ready
 * to `listen()`.
 *
 * @example
 * const ledger = await createLedger({ database: { kind: 'pglite', dataDir: './ledger-data' } });
 * console.log(await ledger.listen(8080));
 * if (ledger.adminKey) console.log('admin key (shown once):', ledger.adminKey);
 */
export async function createLedger(options: LedgerOptions = {}): Promise<Ledger> {
  const maxBodyBytes = options.maxBodyBytes ?? 4 * 1024 * 1024;
  if (!Number.isSafeInteger(maxBodyBytes) || maxBodyBytes < 1024) {
    throw new RangeError('maxBodyBytes must be an integer of at least 1024');
  }
  const parsedLimits = ledgerLimitsV1Schema.safeParse(options.limits ?? {});
  if (!parsedLimits.success) throw new RangeError(`limits: ${parsedLimits.error.issues[0]?.path.join('.')}: ${parsedLimits.error.issues[0]?.message}`);
  const limits = parsedLimits.data;
  const parsedPolicy = redemptionPolicyV1Schema.safeParse(options.redemptionPolicy ?? {});
  if (!parsedPolicy.success) throw new RangeError(`redemptionPolicy: ${parsedPolicy.error.issues[0]?.path.join('.')}: ${parsedPolicy.error.issues[0]?.message}`);
  const redemptionPolicy = parsedPolicy.data;
  const liveOptions = resolveLiveStreamOptions(options.stream);
  const holdSweepMs = options.holdSweepMs ?? 60_000;
  if (!Number.isSafeInteger(holdSweepMs) || holdSweepMs < 0) throw new RangeError('holdSweepMs must be a whole number of milliseconds, 0 for no timer');
  const given = options.adminKey;
  if (given !== undefined && !/^tp_admin_\S{23,191}$/.test(given)) {
    throw new RangeError('adminKey must start with "tp_admin_" and be 32 to 200 characters long, without spaces');
  }
  const webhookOptions = resolveWebhookOptions(options.webhooks);
  const now = options.now ?? (() => new Date());
  const config = options.database ?? { kind: 'pglite' };
  const opened = await openDatabase(config);
  const onError = options.onError ?? ((error: unknown) => console.error('[tillpoints-ledger]', error));
  // Commits are signalled to whoever follows them (see CommitSignal): the webhook deliverer and the live streams to tills.
  const { database, commits } = signalCommits(opened, onError);
  const ownsDatabase = config.kind !== 'shared';
  let adminKey: string | undefined;
  try {
    await migrate(database);
    if (given === undefined) adminKey = await ensureFirstAdminKey(database, now().toISOString());
    else if ((await registerAdminKey(database, given, 'configured', now().toISOString())) === 'revoked') {
      throw new RangeError('the adminKey given was revoked; give a live admin key, or none');
    } else adminKey = given;
  } catch (error) {
    // Release the database (and the embedded one's data folder) for the next try.
    if (ownsDatabase) await database.close();
    throw error;
  }
  // The deliverer's own writes go to the database as opened: they wake nobody.
  const webhooks = new WebhookDeliverer({ db: opened, commits, now, random: options.random ?? Math.random, onError, options: webhookOptions });
  webhooks.subscriptionsChanged();
  const live = new LiveHub({ db: database, commits, now, onError, options: liveOptions });
  const handler = createLedgerHandler({
    db: database,
    maxBodyBytes,
    now,
    newId: ledgerIds(options.random),
    rulesGraceMs: options.rulesGraceMs ?? DEFAULT_RULES_GRACE_MS,
    limits,
    redemptionPolicy,
    corsOrigins: options.corsOrigins ?? '*',
    onError,
    webhooks,
    live,
  });
  const sweepHolds = () => sweepExpiredHolds(database, now().toISOString());
  let sweeping: Promise<unknown> | undefined;
  // The timer never keeps the process alive; a sweep still running when it fires again is left to finish.
  const sweepTimer =
    holdSweepMs > 0
      ? setInterval(() => {
          sweeping ??= sweepHolds().catch(onError).finally(() => (sweeping = undefined));
        }, holdSweepMs)
      : undefined;
  sweepTimer?.unref();
  let server: Server | undefined;
  let url: string | undefined;
  let closing: Promise<void> | undefined;
  // In order: nothing new starts (timers, webhook sends, streams, the listener), then the database
  // closes; it refuses new work at once and gives transactions under way a bounded time to end.
  const close = async () => {
    clearInterval(sweepTimer);
    await webhooks.close();
    await sweeping;
    // Open streams end first (their reads finish), so the database closes under nobody.
    await live.close();
    if (server) {
      const s = server;
      server = undefined;
      s.closeAllConnections();
      await new Promise<void>((resolve) => s.close(() => resolve()));
    }
    if (ownsDatabase) await database.close();
  };
  return {
    adminKey,
    // The database as opened (the very object a `shared` config gave): writes through it are not signalled.
    database: opened,
    get url() {
      return url;
    },
    get openStreams() {
      return live.size;
    },
    async listen(port = 0, host = '127.0.0.1') {
      if (server) throw new Error('the ledger is already listening');
      const s = createNodeServer(handler);
      server = s;
      await new Promise<void>((resolve, reject) => {
        s.once('error', reject);
        s.listen(port, host, () => resolve());
      });
      const address = s.address() as AddressInfo;
      url = `http://${host.includes(':') ? `[${host}]` : host}:${address.port}`;
      return url;
    },
    fetch: handler,
    sweepHolds,
    webhooksSettled: () => webhooks.settled(),
    close() {
      closing ??= close();
      return closing;
    },
  };
}
