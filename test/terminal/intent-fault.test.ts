import { describe, expect, it } from 'vitest';
import { ERROR_CODES, TillpointsError } from '../../src/index.js';
import { intentFaultOf } from '../../src/policy/intent-fault.js';

const refused = (status: number, ledgerCode?: string, issues?: { path: (string | number)[]; message: string }[]) =>
  new TillpointsError(ERROR_CODES.ledgerRefused, 'refused', { details: { status, ledgerCode, ...(issues ? { issues } : {}) } });

describe('which refusals of a whole push may blame one of its intents', () => {
  it('blames the intents for a body too large, or a 400 whose issues point into them', () => {
    expect(intentFaultOf(refused(413, 'body_too_large'))).toMatchObject({ code: 'body_too_large', status: 413 });
    expect(intentFaultOf(refused(400, 'invalid_request', [{ path: ['intents', 2, 'occurredAt'], message: 'bad' }]))).toMatchObject({ code: 'invalid_request' });
    expect(intentFaultOf(refused(422))).toMatchObject({ code: 'http_422' });
  });

  it('never blames an intent for the key, the network, the ledger failing, a wrong address or the envelope', () => {
    expect(intentFaultOf(new TillpointsError(ERROR_CODES.unauthorized, 'no', { details: { status: 401 } }))).toBeUndefined();
    expect(intentFaultOf(refused(403, 'forbidden'))).toBeUndefined();
    expect(intentFaultOf(new TillpointsError(ERROR_CODES.network, 'down'))).toBeUndefined();
    expect(intentFaultOf(new TillpointsError(ERROR_CODES.ledgerUnavailable, 'failed', { details: { status: 500 } }))).toBeUndefined();
    expect(intentFaultOf(new TillpointsError(ERROR_CODES.protocolViolation, 'bad answer'))).toBeUndefined();
    for (const status of [404, 405, 408, 415, 429]) expect(intentFaultOf(refused(status))).toBeUndefined();
    expect(intentFaultOf(refused(400, 'invalid_json'))).toBeUndefined();
    expect(intentFaultOf(refused(400, 'invalid_request', [{ path: ['protocol'], message: 'must be v2' }]))).toBeUndefined();
    expect(intentFaultOf(new Error('a bug'))).toBeUndefined();
  });
});
