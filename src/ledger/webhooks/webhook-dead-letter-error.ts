/**
 * Reported to the ledger's `onError` when a delivery is moved to the dead letters: its receiver
 * kept failing for `webhooks.deadLetterAfterMs`. List them with
 * `GET /v1/admin/webhooks/:subscriptionId/dead-letters`, send one again with `.../replay`.
 */
export class WebhookDeadLetterError extends Error {
  override readonly name = 'WebhookDeadLetterError';

  constructor(
    readonly subscriptionId: string,
    readonly eventId: string,
    readonly attempts: number,
    readonly lastError: string,
  ) {
    super(`webhook event ${eventId} to subscription ${subscriptionId} is a dead letter after ${attempts} attempts (last: ${lastError})`);
  }
}

/** Whether `error` is a {@link WebhookDeadLetterError} (by name too, across realms). */
export function isWebhookDeadLetterError(error: unknown): error is WebhookDeadLetterError {
  return error instanceof WebhookDeadLetterError || (error instanceof Error && error.name === 'WebhookDeadLetterError');
}
