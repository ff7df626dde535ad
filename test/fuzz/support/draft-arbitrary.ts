import fc from 'fast-check';
import type { Draft } from './anchors.js';
import { arbitraryFromSchema } from './arbitrary-from-schema.js';
import type { Endpoint } from './endpoint-table.js';
import { mutate, mutationArb, type Mutation } from './mutate.js';

const nothing = fc.constant(undefined);

/** Drafts of requests an endpoint's schemas allow (path parameters, query, body). */
export function draftArb(endpoint: Endpoint): fc.Arbitrary<Draft> {
  return fc
    .tuple(
      endpoint.params ? arbitraryFromSchema(endpoint.params) : nothing,
      endpoint.query ? arbitraryFromSchema(endpoint.query) : nothing,
      endpoint.body ? arbitraryFromSchema(endpoint.body) : nothing,
    )
    .map(([params, query, body]) => ({
      ...(params === undefined ? {} : { params: params as Record<string, unknown> }),
      ...(query === undefined ? {} : { query }),
      ...(body === undefined ? {} : { body }),
    }));
}

/** A draft with one to three mutations applied to its body (or its query, or its path parameters). */
export function mutatedDraft(draft: Draft, mutations: readonly Mutation[]): Draft {
  const out: Draft = structuredClone(draft);
  for (const m of mutations) {
    if ('body' in out) out.body = mutate(out.body, m);
    else if ('query' in out) out.query = mutate(out.query, m);
    else if (out.params) out.params = mutate(out.params, m) as Record<string, unknown>;
  }
  return out;
}

/** One to three mutations. */
export const mutationsArb = fc.array(mutationArb, { minLength: 1, maxLength: 3 });
