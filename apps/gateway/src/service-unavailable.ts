/**
 * What clients are told to wait before retrying when a service does not answer (REST `Retry-After`, DDP
 * error details): long enough for Kubernetes or the launcher to restart a crashed instance, or for a NATS
 * reconnection.
 */
export const RETRY_AFTER_SECONDS = 5;
