/** A request as it goes on the wire. */
export interface WireRequest {
  readonly method: string;
  /** Path and query string. */
  readonly path: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body?: string;
}

/** A parsed answer; `body` is the raw text when it is not JSON. */
export interface WireReply {
  readonly status: number;
  readonly contentType: string;
  readonly body: any;
}

/** Puts a path parameter in a URL, keeping values `encodeURIComponent` refuses (lone surrogates) as broken escapes. */
export function encodeSegment(value: unknown): string {
  const text = typeof value === 'string' ? value : JSON.stringify(value) ?? '';
  try {
    return encodeURIComponent(text);
  } catch {
    return '%ED%A0%80';
  }
}

/** A query string from an object of any values (arrays repeat the key). */
export function encodeQuery(query: unknown): string {
  if (query === null || typeof query !== 'object') return query === undefined ? '' : `?${encodeSegment(query)}`;
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) {
    if (v === undefined) continue;
    for (const item of Array.isArray(v) ? v : [v]) params.append(k, typeof item === 'string' ? item : JSON.stringify(item));
  }
  const text = params.toString();
  return text ? `?${text}` : '';
}

/** Sends `request` to the ledger at `baseUrl` and reads the whole answer. */
export async function sendRequest(baseUrl: string, request: WireRequest): Promise<WireReply> {
  const res = await fetch(baseUrl + request.path, {
    method: request.method,
    headers: request.headers,
    ...(request.body === undefined ? {} : { body: request.body }),
  });
  const text = await res.text();
  const contentType = res.headers.get('content-type') ?? '';
  let body: unknown = text;
  if (contentType.startsWith('application/json')) body = JSON.parse(text);
  return { status: res.status, contentType, body };
}
