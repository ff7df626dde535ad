/** A product the till can sell: what a POS's catalogue gives the till for each line. */
export interface Product {
  readonly sku: string;
  readonly name: string;
  /** The category the earning rules rate (`apparel`, `tobacco`...). */
  readonly category: string;
  readonly unitPricePaise: number;
}

/**
 * What the page needs to run a till, served as `/config.json` next to it: where the ledger
 * is, who this till is, its key, and the store's catalogue. A real POS has these already.
 */
export interface WebTillConfig {
  readonly ledgerUrl: string;
  readonly terminalId: string;
  readonly storeId: string;
  readonly apiKey: string;
  readonly catalogue: readonly Product[];
  /** The categories a cashier may give a line typed by hand. */
  readonly categories: readonly string[];
}

/** Fetches the till's configuration from the page's server. */
export async function loadConfig(url = '/config.json'): Promise<WebTillConfig> {
  const res = await fetch(url, { cache: 'no-store' });
  if (!res.ok) throw new Error(`the till's configuration is not available (${res.status})`);
  return (await res.json()) as WebTillConfig;
}
