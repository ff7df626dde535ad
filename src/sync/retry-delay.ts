// The backoff is a pure decision: it lives in src/policy/ (this path is kept for importers).
export { retryDelay, type RetryPolicy } from '../policy/retry-delay.js';
