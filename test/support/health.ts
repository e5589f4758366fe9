/** Requests an instance has handled so far (its `/health` reports them): shows which instances took work. */
export async function requestsHandled(instanceUrl: string): Promise<number> {
  const health = (await fetch(`${instanceUrl}/health`).then((r) => r.json())) as { requests: { handled: number } };
  return health.requests.handled;
}
