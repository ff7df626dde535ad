import * as z from 'zod/mini';
import { earnResultSchema } from './earn-result-schema.js';
import { ruleBillSchema } from './rule-bill-schema.js';
import { ruleMemberSchema } from './rule-member-schema.js';
import { rulesetV1Schema } from './ruleset-v1-schema.js';

/** The earning rules' data as one JSON Schema document: rulesets, bills, members, results. */
export function rulesJsonSchema(): Record<string, unknown> {
  const messages = { RulesetV1: rulesetV1Schema, RuleBill: ruleBillSchema, RuleMember: ruleMemberSchema, EarnResult: earnResultSchema };
  const $defs: Record<string, unknown> = {};
  for (const [name, schema] of Object.entries(messages)) {
    const { $schema: _drop, ...body } = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' });
    $defs[name] = body;
  }
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    $id: 'https://tillpoints.dev/rules/v1.schema.json',
    title: 'tillpoints earning rules v1',
    $defs,
  };
}
