import { createHmac, timingSafeEqual } from 'node:crypto';

/** The header carrying a delivery's signature: `t=<unix seconds>,v1=<hex HMAC-SHA256>`. */
export const SIGNATURE_HEADER = 'Tillpoints-Signature';
/** The header carrying the event's id (the idempotency id), also the body's `id`. */
export const EVENT_ID_HEADER = 'Tillpoints-Event-Id';

function hmacHex(secret: string, timestamp: number, rawBody: string | Uint8Array): string {
  const hmac = createHmac('sha256', secret);
  hmac.update(`${timestamp}.`);
  hmac.update(rawBody);
  return hmac.digest('hex');
}

/** The signature header of `rawBody` sent at `timestamp` (unix seconds). */
export function signWebhook(secret: string, timestamp: number, rawBody: string): string {
  return `t=${timestamp},v1=${hmacHex(secret, timestamp, rawBody)}`;
}

/** What {@link verifyWebhookSignature} found: valid (with the signed time), or why not. */
export type WebhookSignatureCheck =
  | { readonly valid: true; readonly timestamp: number }
  | { readonly valid: false; readonly reason: 'malformed' | 'mismatch' | 'outside_tolerance' };

/** Options of {@link verifyWebhookSignature}. */
export interface VerifyWebhookOptions {
  /** The receiver's clock. @default new Date() */
  readonly now?: Date;
  /** How far the signed time may be from `now`, either way, before a delivery is refused as a replay. @default 300 */
  readonly toleranceSeconds?: number;
}

/**
 * Checks a webhook delivery the way a receiver must: HMAC-SHA256 with the subscription's secret
 * over `<t>.<raw body>` (the bytes as received, before any JSON parsing), compared in constant
 * time with every `v1=` of the header, and `t` within `toleranceSeconds` of `now`. A valid
 * delivery may still be a duplicate: dedupe by the event id.
 *
 * @example
 * const check = verifyWebhookSignature(secret, req.headers['tillpoints-signature'], rawBody);
 * if (!check.valid) return res.writeHead(400).end();
 */
export function verifyWebhookSignature(
  secret: string,
  header: string | null | undefined,
  rawBody: string | Uint8Array,
  options: VerifyWebhookOptions = {},
): WebhookSignatureCheck {
  if (typeof header !== 'string') return { valid: false, reason: 'malformed' };
  let timestamp: number | undefined;
  const signatures: string[] = [];
  for (const part of header.split(',')) {
    const [key, value] = part.trim().split('=', 2);
    if (key === 't' && value && /^\d{1,12}$/.test(value)) timestamp = Number(value);
    else if (key === 'v1' && value && /^[0-9a-f]{64}$/.test(value)) signatures.push(value);
  }
  if (timestamp === undefined || signatures.length === 0) return { valid: false, reason: 'malformed' };
  const expected = Buffer.from(hmacHex(secret, timestamp, rawBody), 'hex');
  if (!signatures.some((s) => timingSafeEqual(Buffer.from(s, 'hex'), expected))) return { valid: false, reason: 'mismatch' };
  const nowSeconds = Math.floor((options.now ?? new Date()).getTime() / 1000);
  if (Math.abs(nowSeconds - timestamp) > (options.toleranceSeconds ?? 300)) return { valid: false, reason: 'outside_tolerance' };
  return { valid: true, timestamp };
}
