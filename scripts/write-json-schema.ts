// Writes the protocol's JSON Schema to schema/, for brands implementing the ledger in another language.
import { mkdirSync, writeFileSync } from 'node:fs';
import { protocolJsonSchema } from '../src/protocol/index.js';

mkdirSync('schema', { recursive: true });
writeFileSync('schema/tillpoints-protocol-v1.schema.json', `${JSON.stringify(protocolJsonSchema(), null, 2)}\n`);
console.log('wrote schema/tillpoints-protocol-v1.schema.json');
