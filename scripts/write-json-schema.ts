// Writes the protocol's and the earning rules' JSON Schemas to schema/, for brands that
// implement the ledger (or a till) in another language.
import { mkdirSync, writeFileSync } from 'node:fs';
import { protocolJsonSchema } from '../src/protocol/index.js';
import { rulesJsonSchema } from '../src/rules/json-schema.js';

mkdirSync('schema', { recursive: true });
writeFileSync('schema/tillpoints-protocol-v1.schema.json', `${JSON.stringify(protocolJsonSchema(), null, 2)}\n`);
writeFileSync('schema/tillpoints-rules-v1.schema.json', `${JSON.stringify(rulesJsonSchema(), null, 2)}\n`);
console.log('wrote schema/tillpoints-protocol-v1.schema.json and schema/tillpoints-rules-v1.schema.json');
