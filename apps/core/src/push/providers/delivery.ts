/** What became of one device's notification. */
export type DeliveryOutcome =
  /** Accepted by the provider or the gateway. */
  | 'sent'
  /** The provider says the token is dead: the device is removed. */
  | 'invalid-token'
  /** Refused for good (bad request, authorization): not retried. */
  | 'rejected';

/** A failure worth trying again later (network, 5xx, 429): the queue item is retried with backoff. */
export class RetryableDeliveryError extends Error {}

/** A fetch that fails as retryable when the network or the server does. */
export async function postJson(
  url: string,
  body: unknown,
  headers: Record<string, string> = {},
  timeoutMs = 10_000,
): Promise<{ status: number; text: string }> {
  let response: Response;
  try {
    response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (error) {
    throw new RetryableDeliveryError(`${url}: ${(error as Error).message}`);
  }
  return { status: response.status, text: await response.text() };
}
