/**
 * Normalises an Indian mobile number written in any common form
 * (`98765 43210`, `+91-9876543210`, `09876543210`, `0091 98765 43210`)
 * to its ten digits, or returns `undefined` when it is not one.
 *
 * @example
 * normalizeIndianMobile('+91-98765 43210'); // '9876543210'
 */
export function normalizeIndianMobile(input: string): string | undefined {
  if (!/^[\d\s+().-]+$/.test(input)) return undefined;
  let digits = input.replace(/\D/g, '');
  if (digits.length === 14 && digits.startsWith('0091')) digits = digits.slice(4);
  else if (digits.length === 12 && digits.startsWith('91')) digits = digits.slice(2);
  else if (digits.length === 11 && digits.startsWith('0')) digits = digits.slice(1);
  // Indian mobile numbers are ten digits starting with 6, 7, 8 or 9.
  return /^[6-9]\d{9}$/.test(digits) ? digits : undefined;
}

/**
 * A normalised mobile number with all but its first two and last two digits hidden
 * (`98XXXXXX10`): what a till is shown, enough for staff to confirm the customer.
 */
export function maskIndianMobile(phone: string): string {
  return `${phone.slice(0, 2)}${'X'.repeat(Math.max(0, phone.length - 4))}${phone.slice(-2)}`;
}
