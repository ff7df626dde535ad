/** Small DOM and wording helpers shared by the till's panels. */
import { isTillpointsError, type Balance } from 'tillpoints';

/** The element with this id (the page is ours: a missing one is a bug, said at once). */
export function byId<T extends HTMLElement = HTMLElement>(id: string): T {
  const element = document.getElementById(id);
  if (!element) throw new Error(`the page has no #${id}`);
  return element as T;
}

/** A new element with text and attributes. */
export function element<K extends keyof HTMLElementTagNameMap>(
  tag: K, text = '', attributes: Record<string, string> = {},
): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  e.textContent = text;
  for (const [name, value] of Object.entries(attributes)) e.setAttribute(name, value);
  return e;
}

/** ₹1,234.50 */
export const rupees = (paise: number) => `₹${(paise / 100).toLocaleString('en-IN', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;

/** 1,234 */
export const points = (n: number) => n.toLocaleString('en-IN');

/** "1 point", "1,234 points" */
export const pointsOf = (n: number) => `${points(n)} point${n === 1 ? '' : 's'}`;

/** "12 s", "4 min", "2 h": the age of the oldest queued intent. */
export function age(ms: number): string {
  const s = Math.floor(ms / 1000);
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min`;
  return `${Math.floor(s / 3600)} h`;
}

/** "542 confirmed, 42 provisional (waiting for the ledger)", or "all confirmed". */
export function balanceSplit(b: Balance): string {
  const waiting = b.provisional - b.confirmed;
  const stale = b.stale ? ' · last confirmed a while ago' : '';
  if (waiting === 0 && b.pendingAccrual === 0 && b.pendingRedemption === 0) return `all ${points(b.confirmed)} confirmed${stale}`;
  return `${points(b.confirmed)} confirmed, ${waiting >= 0 ? '+' : '−'}${points(Math.abs(waiting))} provisional (waiting for the ledger)${stale}`;
}

/** What to tell the cashier when the SDK refused something: its message and stable code. */
export function explainError(e: unknown): string {
  if (isTillpointsError(e)) return `${e.message} (${e.code})`;
  return e instanceof Error ? e.message : String(e);
}
