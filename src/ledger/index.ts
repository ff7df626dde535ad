/**
 * tillpoints/ledger: the reference central ledger. Applies every intent exactly once,
 * serialises each member's movements, journals them double-entry, and serves the
 * terminal protocol over HTTP.
 */
export { createLedger } from './create-ledger.js';
export type { Ledger, LedgerOptions } from './create-ledger.js';
export { openDatabase } from './sql/open-database.js';
export type { DatabaseConfig } from './sql/open-database.js';
export type { LedgerHandler } from './http/ledger-server.js';
export { DataDirInUseError, isDataDirInUseError } from './sql/data-dir-in-use-error.js';
export { MissingDependencyError, isMissingDependencyError } from './sql/missing-dependency-error.js';
export type { CorsOrigins } from './http/cors.js';
export type { SqlDatabase, SqlExecutor, SqlRow } from './sql/sql-database.js';
export { MIGRATIONS } from './schema/migrations.js';
export type { Migration } from './schema/migrations.js';
export { PROGRAM_ACCOUNTS, memberAccount } from './journal/accounts.js';
export { verifyWebhookSignature, signWebhook, SIGNATURE_HEADER, EVENT_ID_HEADER } from './webhooks/webhook-signature.js';
export type { WebhookSignatureCheck, VerifyWebhookOptions } from './webhooks/webhook-signature.js';
export { WEBHOOK_EVENT_TYPES, webhookEventSchema } from './webhooks/webhook-event.js';
export type { WebhookEvent, WebhookEventType } from './webhooks/webhook-event.js';
export type { WebhookOptions, WebhookTimers } from './webhooks/webhook-options.js';
export { WebhookDeadLetterError, isWebhookDeadLetterError } from './webhooks/webhook-dead-letter-error.js';
export { DatabaseClosedError, isDatabaseClosed } from './sql/database-closed-error.js';
