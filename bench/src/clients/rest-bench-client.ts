/** Minimal REST calls the benchmark needs to set itself up (as an administrator) and to log users in. */
export class RestBenchClient {
  constructor(
    readonly baseUrl: string,
    private readonly auth?: { userId: string; authToken: string },
  ) {}

  async post<T = unknown>(path: string, body: unknown): Promise<T> {
    const response = await fetch(`${this.baseUrl}/api/v1/${path}`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(this.auth && { 'x-user-id': this.auth.userId, 'x-auth-token': this.auth.authToken }),
      },
      body: JSON.stringify(body),
    });
    const json = (await response.json()) as T & { success?: boolean };
    if (!response.ok) throw new Error(`${path} → ${response.status} ${JSON.stringify(json)}`);
    return json;
  }

  async login(user: string, password: string): Promise<{ userId: string; authToken: string }> {
    const { data } = await this.post<{ data: { userId: string; authToken: string } }>('login', { user, password });
    return { userId: data.userId, authToken: data.authToken };
  }

  as(auth: { userId: string; authToken: string }): RestBenchClient {
    return new RestBenchClient(this.baseUrl, auth);
  }
}
