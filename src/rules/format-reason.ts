import type { EarnRate } from './earn-rate-schema.js';

// Reasons are built by hand, never with toLocaleString: the till's browser and the ledger's
// Node must print the same words for the same points.

/** Digits grouped the Indian way: `1,20,000`. */
export function groupIndian(n: number): string {
  const digits = String(n);
  if (digits.length <= 3) return digits;
  let rest = digits.slice(0, -3);
  const groups: string[] = [];
  while (rest.length > 2) {
    groups.unshift(rest.slice(-2));
    rest = rest.slice(0, -2);
  }
  if (rest.length > 0) groups.unshift(rest);
  return `${groups.join(',')},${digits.slice(-3)}`;
}

/** Paise as rupees: `₹1,999`, `₹4.50`. */
export function formatRupees(paise: number): string {
  const rest = paise % 100;
  const rupees = groupIndian((paise - rest) / 100);
  return rest === 0 ? `₹${rupees}` : `₹${rupees}.${String(rest).padStart(2, '0')}`;
}

/** `1 pt`, `1,250 pts`. */
export function formatPoints(points: number): string {
  return `${groupIndian(points)} ${points === 1 ? 'pt' : 'pts'}`;
}

/** A percent multiplier: 150 → `×1.5`, 200 → `×2`, 125 → `×1.25`. */
export function formatMultiplier(percent: number): string {
  const fraction = percent % 100;
  const whole = (percent - fraction) / 100;
  if (fraction === 0) return `×${whole}`;
  return `×${whole}.${String(fraction).padStart(2, '0').replace(/0$/, '')}`;
}

/** A rate: `2 pts per ₹100`, `1 pt per 250 paise`. */
export function formatRate(rate: EarnRate): string {
  const per = rate.perPaise % 100 === 0 ? formatRupees(rate.perPaise) : `${rate.perPaise} paise`;
  return `${formatPoints(rate.points)} per ${per}`;
}
