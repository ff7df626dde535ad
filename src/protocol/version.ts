/** The wire protocol version every message carries. Bumped only for breaking changes. */
export const PROTOCOL_VERSION = 'v1' as const;

/** The type of {@link PROTOCOL_VERSION}. */
export type ProtocolVersion = typeof PROTOCOL_VERSION;
