/** What staff should do about a quarantined intent, in words. */
export function quarantineAction(source: 'ledger' | 'till'): string {
  const who = source === 'ledger' ? 'The ledger cannot read this intent as it was stored' : 'This till stored an intent it cannot send';
  return `${who}; its points still show as pending. Report it to support with the intent id, then retry it after a fix, or void it with a reason to take its points off the balance.`;
}
