/**
 * tillpoints: the terminal SDK a POS embeds. The terminal itself arrives with the
 * terminal issue; until then this entry re-exports the protocol version it speaks.
 */
export { PROTOCOL_VERSION } from './protocol/index.js';
export type { ProtocolVersion } from './protocol/index.js';
