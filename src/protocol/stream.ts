import * as z from 'zod/mini';
import { MAX_PULL_MEMBERS } from './pull.js';
import { idSchema } from './primitives.js';
import { PROTOCOL_VERSION } from './version.js';

/**
 * Opens the live stream (`POST /v1/stream`, answered as `text/event-stream`): the changes of
 * `memberIds` from `cursor` on, as they commit. The same bounds as a pull; the members are
 * required (a till never streams the whole programme). A POST, because the scope can be
 * thousands of ids and a browser's EventSource cannot send the key header anyway.
 */
export const streamRequestV1Schema = z.strictObject({
  protocol: z.literal(PROTOCOL_VERSION),
  terminalId: idSchema,
  storeId: idSchema,
  /** The pull cursor to resume from (`null`: from the beginning), shared with `POST /v1/pull`. */
  cursor: z.nullable(z.string().check(z.minLength(1), z.maxLength(200))),
  memberIds: z.array(idSchema).check(z.minLength(1), z.maxLength(MAX_PULL_MEMBERS)),
});
export type StreamRequestV1 = z.infer<typeof streamRequestV1Schema>;

/**
 * The kinds of event the stream sends (the SSE `event:` field):
 * - `changes`: a page of changed balances, exactly a pull's answer (`PullResponseV1`); its
 *   `id:` is the cursor after the page, to resume from;
 * - `ruleset`: the newest ruleset version published (`StreamRulesetV1`): fetch it if new;
 * - `holds`: this till's holds or allowances, or its store's redemption policy, changed at the
 *   ledger (`StreamHoldsV1`): tidy them.
 * A comment line (`: heartbeat`) keeps proxies from closing an idle stream. A till ignores
 * an event kind it does not know (a newer ledger's).
 */
export const STREAM_EVENTS = ['changes', 'ruleset', 'holds'] as const;
/** One of {@link STREAM_EVENTS}. */
export type StreamEvent = (typeof STREAM_EVENTS)[number];

/** The `ruleset` event's data: the newest version published at the ledger. */
export const streamRulesetV1Schema = z.strictObject({
  protocol: z.literal(PROTOCOL_VERSION),
  version: z.int().check(z.minimum(1)),
});
export type StreamRulesetV1 = z.infer<typeof streamRulesetV1Schema>;

/**
 * The `holds` event's data: an opaque token that changes whenever this till's holds, its
 * allowances or its store's redemption policy change. Sent once when the stream opens too.
 */
export const streamHoldsV1Schema = z.strictObject({
  protocol: z.literal(PROTOCOL_VERSION),
  token: z.string().check(z.minLength(1), z.maxLength(200)),
});
export type StreamHoldsV1 = z.infer<typeof streamHoldsV1Schema>;
