import { intent, push } from '../support/case-builders.js';
import type { HostileCase } from '../support/hostile-case.js';

const pushBody = (w: Parameters<HostileCase['request']>[0]) => JSON.stringify(push(w, intent(w, 'accrue')).body);
const raw = (over: Record<string, unknown>): HostileCase['request'] => (w) => ({ draft: push(w, intent(w, 'accrue')), wire: over });
const headers = (w: Parameters<HostileCase['request']>[0], extra: Record<string, string>) => ({ authorization: `Bearer ${w.till.key}`, ...extra });

/** Hostile transport: paths, methods, keys, content types and broken JSON. */
export const TRANSPORT_CASES: readonly HostileCase[] = [
  { name: 'transport: an unknown path', endpoint: undefined, request: () => ({ wire: { method: 'GET', path: '/v1/nothing-here' } }), expect: { status: 404, code: 'not_found' } },
  { name: 'transport: a path with dot segments', endpoint: undefined, request: () => ({ wire: { method: 'GET', path: '/v1/admin/../health/..%2f..%2fetc' } }), expect: { status: 404, code: 'not_found' } },
  { name: 'transport: a trailing slash', endpoint: undefined, request: () => ({ wire: { method: 'GET', path: '/v1/health/' } }), expect: { status: 404, code: 'not_found' } },
  { name: 'transport: the root path', endpoint: undefined, request: () => ({ wire: { method: 'GET', path: '/' } }), expect: { status: 404, code: 'not_found' } },
  { name: 'transport: a request target of //', endpoint: undefined, request: () => ({ wire: { method: 'GET', path: '//' } }), expect: { status: 404, code: 'not_found' } },
  { name: 'transport: a request target of //%zz/v1/health', endpoint: undefined, request: () => ({ wire: { method: 'GET', path: '//%zz/v1/health' } }), expect: { status: 404, code: 'not_found' } },
  { name: 'transport: a request target of //[::1', endpoint: undefined, request: () => ({ wire: { method: 'GET', path: '//[::1' } }), expect: { status: 404, code: 'not_found' } },
  { name: 'transport: //host/v1/health is not /v1/health', endpoint: undefined, request: () => ({ wire: { method: 'GET', path: '//ledger/v1/health' } }), expect: { status: 404, code: 'not_found' } },
  { name: 'transport: GET on the push', endpoint: undefined, request: () => ({ wire: { method: 'GET', path: '/v1/push' } }), expect: { status: 405, code: 'method_not_allowed' } },
  { name: 'transport: PUT on the push', endpoint: undefined, request: (w) => ({ wire: { method: 'PUT', path: '/v1/push', body: '{}', headers: headers(w, { 'content-type': 'application/json' }) } }), expect: { status: 405, code: 'method_not_allowed' } },
  { name: 'transport: DELETE on a member lookup', endpoint: undefined, request: () => ({ wire: { method: 'DELETE', path: '/v1/members/lookup?memberId=m-1' } }), expect: { status: 405, code: 'method_not_allowed' } },
  { name: 'transport: POST on the trial balance', endpoint: undefined, request: () => ({ wire: { method: 'POST', path: '/v1/admin/trial-balance', body: '{}' } }), expect: { status: 405, code: 'method_not_allowed' } },
  { name: 'transport: an OPTIONS preflight', endpoint: undefined, request: () => ({ wire: { method: 'OPTIONS', path: '/v1/push', headers: { origin: 'https://pos.example.in' } } }), expect: { status: 204 } },
  { name: 'transport: no key', endpoint: 'push', request: (w) => ({ draft: push(w, intent(w, 'accrue')), key: 'none' }), expect: { status: 401, code: 'unauthorized' } },
  { name: 'transport: an unknown key', endpoint: 'push', request: (w) => ({ draft: push(w, intent(w, 'accrue')), key: { literal: 'tp_term_nope' } }), expect: { status: 401, code: 'unauthorized' } },
  { name: 'transport: a revoked key', endpoint: 'push', request: (w) => ({ draft: push(w, intent(w, 'accrue')), key: { literal: w.revokedKey } }), expect: { status: 401, code: 'unauthorized' } },
  { name: 'transport: a key of 201 chars', endpoint: 'push', request: (w) => ({ draft: push(w, intent(w, 'accrue')), key: { literal: 'k'.repeat(201) } }), expect: { status: 401, code: 'unauthorized' } },
  { name: 'transport: a fake admin-prefixed key', endpoint: 'trial balance', request: () => ({ key: { literal: `tp_admin_${'0'.repeat(40)}` } }), expect: { status: 401, code: 'unauthorized' } },
  { name: 'transport: Basic auth', endpoint: 'push', request: raw({ headers: { authorization: 'Basic YTpi', 'content-type': 'application/json' } }), expect: { status: 401, code: 'unauthorized' } },
  { name: 'transport: a bearer with no key', endpoint: 'push', request: raw({ headers: { authorization: 'Bearer ', 'content-type': 'application/json' } }), expect: { status: 401, code: 'unauthorized' } },
  { name: 'transport: a bearer with two keys', endpoint: 'push', request: (w) => ({ draft: push(w, intent(w, 'accrue')), wire: { headers: { authorization: `Bearer ${w.till.key} ${w.till.key}`, 'content-type': 'application/json' } } }), expect: { status: 401, code: 'unauthorized' } },
  { name: 'transport: a lower-case bearer', endpoint: 'push', request: (w) => ({ draft: push(w, intent(w, 'accrue')), wire: { headers: { authorization: `bearer ${w.till.key}`, 'content-type': 'application/json' } } }), expect: { outcome: 'applied' } },
  { name: 'transport: an admin key on the push', endpoint: 'push', request: (w) => ({ draft: push(w, intent(w, 'accrue')), key: 'admin' }), expect: { status: 403, code: 'forbidden' } },
  { name: 'transport: no content type', endpoint: 'push', request: (w) => ({ draft: push(w, intent(w, 'accrue')), wire: { headers: headers(w, {}) } }), expect: { status: 415, code: 'unsupported_media_type' } },
  { name: 'transport: text/plain', endpoint: 'push', request: (w) => ({ draft: push(w, intent(w, 'accrue')), wire: { headers: headers(w, { 'content-type': 'text/plain' }) } }), expect: { status: 415, code: 'unsupported_media_type' } },
  { name: 'transport: a form content type', endpoint: 'push', request: (w) => ({ draft: push(w, intent(w, 'accrue')), wire: { headers: headers(w, { 'content-type': 'application/x-www-form-urlencoded' }) } }), expect: { status: 415, code: 'unsupported_media_type' } },
  { name: 'transport: application/jsonx', endpoint: 'push', request: (w) => ({ draft: push(w, intent(w, 'accrue')), wire: { headers: headers(w, { 'content-type': 'application/jsonx' }) } }), expect: { status: 415, code: 'unsupported_media_type' } },
  { name: 'transport: JSON with a charset parameter', endpoint: 'push', request: (w) => ({ draft: push(w, intent(w, 'accrue')), wire: { headers: headers(w, { 'content-type': 'Application/JSON; charset=UTF-8' }) } }), expect: { outcome: 'applied' } },
  { name: 'transport: truncated JSON', endpoint: 'push', request: (w) => ({ wire: { body: pushBody(w).slice(0, 40) } }), expect: { status: 400, code: 'invalid_json' } },
  { name: 'transport: an empty body', endpoint: 'push', request: () => ({ wire: { body: '' } }), expect: { status: 400, code: 'invalid_json' } },
  { name: 'transport: a byte-order mark before the JSON', endpoint: 'push', request: (w) => ({ wire: { body: `\uFEFF${pushBody(w)}` } }), expect: { status: 400, code: 'invalid_json' } },
  { name: 'transport: NaN in the JSON', endpoint: 'push', request: (w) => ({ wire: { body: pushBody(w).replace('"points":10', '"points":NaN') } }), expect: { status: 400, code: 'invalid_json' } },
  { name: 'transport: single-quoted JSON', endpoint: 'push', request: () => ({ wire: { body: "{'protocol':'v1'}" } }), expect: { status: 400, code: 'invalid_json' } },
  { name: 'transport: a trailing comma', endpoint: 'push', request: () => ({ wire: { body: '{"protocol":"v1",}' } }), expect: { status: 400, code: 'invalid_json' } },
  { name: 'transport: bytes that are not UTF-8', endpoint: 'push', request: () => ({ wire: { body: '{"protocol":"\xff\xfe"}' } }), expect: { refused: true } },
  { name: 'transport: a JSON null body', endpoint: 'push', request: () => ({ wire: { body: 'null' } }), expect: { status: 400, code: 'invalid_request' } },
  { name: 'transport: a JSON array body', endpoint: 'push', request: () => ({ wire: { body: '[]' } }), expect: { status: 400, code: 'invalid_request' } },
  { name: 'transport: a JSON string body', endpoint: 'push', request: () => ({ wire: { body: '"v1"' } }), expect: { status: 400, code: 'invalid_request' } },
  { name: 'transport: a 400-digit JSON number body', endpoint: 'push', request: () => ({ wire: { body: '9'.repeat(400) } }), expect: { status: 400, code: 'invalid_request' } },
  { name: 'transport: 100k-deep JSON nesting', endpoint: 'push', request: () => ({ wire: { body: '['.repeat(100_000) + ']'.repeat(100_000) } }), expect: { status: 400 } },
  { name: 'transport: a __proto__ key at the top', endpoint: 'push', request: (w) => ({ wire: { body: pushBody(w).replace('{', '{"__proto__":{"protocol":"v1"},') } }), expect: { status: 400, code: 'invalid_request' } },
  { name: 'transport: a duplicated JSON key (last wins)', endpoint: 'push', request: (w) => ({ wire: { body: pushBody(w).replace('{', '{"protocol":"v2",') } }), expect: { outcome: 'applied' } },
  { name: 'transport: a body beyond the size limit', endpoint: 'push', request: () => ({ wire: { body: JSON.stringify({ protocol: 'v1', pad: 'x'.repeat(300 * 1024) }) } }), expect: { status: 413, code: 'body_too_large' } },
  { name: 'transport: a declared length beyond the limit', endpoint: 'push', request: (w) => ({ wire: { body: JSON.stringify({ pad: 'x'.repeat(300 * 1024) }), headers: headers(w, { 'content-type': 'application/json' }) } }), expect: { status: 413, code: 'body_too_large' } },
];
