/** One request to a ledger listening at `url`, with a bearer key and a JSON body; its status and parsed JSON answer. */
export async function call(url: string, method: string, path: string, key?: string, body?: unknown): Promise<{ status: number; body: any }> {
  const res = await fetch(url + path, {
    method,
    headers: { ...(key === undefined ? {} : { authorization: `Bearer ${key}` }), 'content-type': 'application/json' },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
  return { status: res.status, body: (await res.json()) as any };
}

/** `GET /v1/health` of a ledger listening at `url`. */
export const healthOf = (url: string) => call(url, 'GET', '/v1/health');
