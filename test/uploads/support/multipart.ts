import { request as httpRequest, type IncomingMessage } from 'node:http';
import type { Credentials } from '../../support/rest-client.js';

export interface Part {
  field?: string;
  name: string;
  type?: string;
  body: Buffer;
}

/** A multipart upload through fetch's FormData (what browsers and the official clients send). */
export async function postForm(
  baseUrl: string,
  path: string,
  credentials: Credentials | undefined,
  file: Part | undefined,
  fields: Record<string, string> = {},
): Promise<{ status: number; body: Record<string, any> }> {
  const form = new FormData();
  for (const [key, value] of Object.entries(fields)) form.append(key, value);
  if (file)
    form.append(file.field ?? 'file', new Blob([new Uint8Array(file.body)], { type: file.type ?? 'application/octet-stream' }), file.name);
  const response = await fetch(`${baseUrl}${path}`, {
    method: 'POST',
    body: form,
    headers: credentials ? { 'x-user-id': credentials.userId, 'x-auth-token': credentials.authToken } : {},
  });
  const text = await response.text();
  try {
    return { status: response.status, body: JSON.parse(text) as Record<string, any> };
  } catch {
    return { status: response.status, body: { text } };
  }
}

const BOUNDARY = 'rocketnestboundary7MA4YWxkTrZu0gW';

/**
 * A multipart request written chunk by chunk over a raw socket: for bodies too large to build in memory, for
 * a client that stops halfway, and to see whether the server answers before the body is finished.
 */
export class StreamingUpload {
  private readonly request;
  readonly response: Promise<{ status: number; body: string; message: IncomingMessage }>;
  /** Bytes of the file written before the server answered. */
  writtenWhenAnswered?: number;
  written = 0;

  constructor(baseUrl: string, path: string, credentials: Credentials, name = 'big.bin', type = 'application/octet-stream') {
    const url = new URL(path, baseUrl);
    this.request = httpRequest(url, {
      method: 'POST',
      headers: {
        'content-type': `multipart/form-data; boundary=${BOUNDARY}`,
        'transfer-encoding': 'chunked',
        'x-user-id': credentials.userId,
        'x-auth-token': credentials.authToken,
      },
    });
    this.response = new Promise((resolve, reject) => {
      this.request.on('response', (message) => {
        this.writtenWhenAnswered = this.written;
        const chunks: Buffer[] = [];
        message.on('data', (chunk: Buffer) => chunks.push(chunk));
        message.on('end', () => resolve({ status: message.statusCode ?? 0, body: Buffer.concat(chunks).toString(), message }));
      });
      this.request.on('error', reject);
    });
    this.response.catch(() => undefined);
    this.request.write(`--${BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\nContent-Type: ${type}\r\n\r\n`);
  }

  get answered(): boolean {
    return this.writtenWhenAnswered !== undefined;
  }

  /** Writes a chunk, waiting for the socket to take it. */
  write(chunk: Buffer): Promise<void> {
    this.written += chunk.length;
    return new Promise((resolve, reject) => this.request.write(chunk, (error) => (error ? reject(error) : resolve())));
  }

  end(): Promise<{ status: number; body: string }> {
    this.request.end(`\r\n--${BOUNDARY}--\r\n`);
    return this.response;
  }

  /** The client goes away mid-body. */
  abort(): void {
    this.request.destroy();
  }
}
