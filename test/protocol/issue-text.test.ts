import * as z from 'zod/mini';
import { describe, expect, it } from 'vitest';
import { createTerminal } from '../../src/index.js';
import { idSchema, positivePointsSchema } from '../../src/protocol/index.js';
import { issueTexts } from '../../src/protocol/issue-text.js';

// This file loads no ledger, so no zod locale: what a browser till sees.
function texts(schema: z.ZodMiniType, value: unknown) {
  const result = schema.safeParse(value);
  if (result.success) throw new Error('expected a failure');
  return issueTexts(result.error);
}

describe('validation messages without a zod locale', () => {
  it('say what is wrong in a few words rather than zod’s bare "Invalid input"', () => {
    const schema = z.strictObject({
      memberId: idSchema,
      points: positivePointsSchema,
      kind: z.enum(['accrue', 'redeem']),
      lines: z.array(z.string()).check(z.maxLength(1)),
      note: z.string(),
    });
    expect(
      texts(schema, { memberId: '', points: 0, kind: 'gift', lines: ['a', 'b'], note: 3, extra: 1 }),
    ).toEqual([
      { path: ['memberId'], message: 'must be at least 1 character' },
      {
        path: ['memberId'],
        message: 'may hold letters, digits and . _ : - only, starting with a letter or digit',
      },
      { path: ['points'], message: 'must be at least 1' },
      { path: ['kind'], message: 'must be "accrue" or "redeem"' },
      { path: ['lines'], message: 'must be at most 1 item' },
      { path: ['note'], message: 'expected string' },
      { path: [], message: 'unknown key: extra' },
    ]);
  });

  it('reach the till’s typed errors: a bad option names its field and what it must be', () => {
    expect(() =>
      createTerminal({
        ledgerUrl: 'ftp://ledger',
        terminalId: 'till-1',
        storeId: 'store-1',
        apiKey: 'short',
        batchSize: 0,
      } as never),
    ).toThrow(
      expect.objectContaining({
        code: 'invalid_options',
        message: expect.stringMatching(/^invalid terminal options: ledgerUrl: /),
      }),
    );
    expect(() =>
      createTerminal({
        ledgerUrl: 'http://ledger',
        terminalId: 'till-1',
        storeId: 'store-1',
        apiKey: 'short',
      } as never),
    ).toThrowError(/^invalid terminal options: apiKey: must be at least 8 characters$/);
  });
});
