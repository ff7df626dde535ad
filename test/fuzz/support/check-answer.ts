import { errorResponseV1Schema } from '../../../src/protocol/index.js';
import type { Endpoint } from './endpoint-table.js';
import type { WireReply } from './send-request.js';

/**
 * What is wrong with an answer, or nothing: never a 5xx; a refusal is a 4xx whose body
 * passes `errorResponseV1Schema`; a success passes the endpoint's response schema, and a
 * push or adjustment answers one result per intent.
 */
export function problemsWithAnswer(endpoint: Endpoint | undefined, sent: unknown, reply: WireReply): string[] {
  if (reply.status >= 500) return [`answered ${reply.status}: ${JSON.stringify(reply.body).slice(0, 300)}`];
  if (reply.status >= 400) {
    const parsed = errorResponseV1Schema.safeParse(reply.body);
    return parsed.success ? [] : [`a ${reply.status} whose body is not an ErrorResponseV1: ${JSON.stringify(reply.body).slice(0, 300)}`];
  }
  if (reply.status === 204 || !endpoint) return [];
  const parsed = endpoint.response.safeParse(reply.body);
  if (!parsed.success) return [`a ${reply.status} that fails its response schema: ${parsed.error.message.slice(0, 300)}`];
  const batch = (sent as { intents?: unknown; adjustments?: unknown } | undefined);
  const items = endpoint.writes === 'intents' ? (batch?.intents ?? batch?.adjustments) : undefined;
  if (Array.isArray(items) && reply.body.results.length !== items.length) {
    return [`${items.length} intents sent, ${reply.body.results.length} results answered`];
  }
  return [];
}
