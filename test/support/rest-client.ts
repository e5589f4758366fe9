/** A small REST client for the tests: JSON in and out, Rocket.Chat's auth headers when logged in. */
export interface Credentials {
  userId: string;
  authToken: string;
}

export interface RestResponse<T = Record<string, any>> {
  status: number;
  body: T;
  headers: Headers;
}

export class RestClient {
  constructor(
    readonly baseUrl: string,
    readonly credentials?: Credentials,
  ) {}

  as(credentials: Credentials | undefined): RestClient {
    return new RestClient(this.baseUrl, credentials);
  }

  get<T = Record<string, any>>(path: string, query?: Record<string, string | number>): Promise<RestResponse<T>> {
    const qs = query ? `?${new URLSearchParams(Object.entries(query).map(([k, v]): [string, string] => [k, String(v)])).toString()}` : '';
    return this.send<T>('GET', `${path}${qs}`);
  }

  post<T = Record<string, any>>(path: string, body?: unknown): Promise<RestResponse<T>> {
    return this.send<T>('POST', path, body);
  }

  async send<T>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<RestResponse<T>> {
    const response = await fetch(`${this.baseUrl}${path}`, {
      method,
      headers: {
        ...(body !== undefined && { 'content-type': 'application/json' }),
        ...(this.credentials && { 'x-user-id': this.credentials.userId, 'x-auth-token': this.credentials.authToken }),
        ...headers,
      },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    const text = await response.text();
    let parsed: unknown = text;
    try {
      parsed = JSON.parse(text);
    } catch {
      // not JSON: keep the text
    }
    return { status: response.status, body: parsed as T, headers: response.headers };
  }

  /** Logs in with a password and returns a client that carries the new credentials. */
  async login(user: string, password: string): Promise<RestClient> {
    const { status, body } = await this.post('/api/v1/login', { user, password });
    if (status !== 200) throw new Error(`login of ${user} failed: ${status} ${JSON.stringify(body)}`);
    return this.as({ userId: body.data.userId, authToken: body.data.authToken });
  }
}
