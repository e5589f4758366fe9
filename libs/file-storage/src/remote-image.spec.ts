import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { DomainError } from '@rc/contracts';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { RemoteImageFetcher } from './remote-image.js';

const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3]);

describe('RemoteImageFetcher', () => {
  let server: Server;
  let port: number;
  const hits: string[] = [];
  beforeAll(async () => {
    server = createServer((request, response) => {
      hits.push(request.url!);
      if (request.url === '/a.png') response.writeHead(200, { 'content-type': 'image/png' }).end(PNG);
      else if (request.url === '/page') response.writeHead(200, { 'content-type': 'text/html' }).end('<html/>');
      else if (request.url === '/to-a') response.writeHead(302, { location: '/a.png' }).end();
      else if (request.url === '/to-other-loopback') response.writeHead(302, { location: `http://127.0.0.2:${port}/a.png` }).end();
      else if (request.url === '/broken') response.writeHead(500).end();
      else response.writeHead(404).end();
    });
    await new Promise<void>((resolve) => server.listen(0, '0.0.0.0', resolve));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const failure = (promise: Promise<unknown>) =>
    promise.then(
      () => undefined,
      (error: DomainError) => error,
    );
  const read = async (body: AsyncIterable<Buffer>) => {
    const chunks: Buffer[] = [];
    for await (const chunk of body) chunks.push(chunk);
    return Buffer.concat(chunks);
  };

  it('refuses loopback and private addresses unless allowed, before any request reaches them', async () => {
    const strict = new RemoteImageFetcher();
    hits.length = 0;
    for (const url of [
      `http://127.0.0.1:${port}/a.png`,
      `http://localhost:${port}/a.png`,
      `http://10.0.0.1:${port}/a.png`,
      `http://[::1]:${port}/a.png`,
    ]) {
      const error = await failure(strict.fetch(url));
      expect(error?.code).toBe('error-avatar-invalid-url');
      expect(error?.reason).toContain('not allowed');
    }
    expect(hits).toEqual([]);
    strict.destroy();
  });

  it('fetches an image from an allowed address, following redirects that stay allowed', async () => {
    const fetcher = new RemoteImageFetcher({ allowedAddresses: ['127.0.0.1'] });
    const direct = await fetcher.fetch(`http://127.0.0.1:${port}/a.png`);
    expect(direct.contentType).toBe('image/png');
    expect(await read(direct.body)).toEqual(PNG);
    expect(await read((await fetcher.fetch(`http://127.0.0.1:${port}/to-a`)).body)).toEqual(PNG);
    hits.length = 0;
    // A redirect to another private address is refused at connect time.
    expect((await failure(fetcher.fetch(`http://127.0.0.1:${port}/to-other-loopback`)))?.reason).toContain('not allowed');
    expect(hits).toEqual(['/to-other-loopback']);
    fetcher.destroy();
  });

  it("answers Rocket.Chat's errors for what is not an image, missing or failing, and other schemes", async () => {
    const fetcher = new RemoteImageFetcher({ allowedAddresses: ['127.0.0.1'] });
    expect((await failure(fetcher.fetch(`http://127.0.0.1:${port}/page`)))?.code).toBe('error-avatar-invalid-url');
    expect((await failure(fetcher.fetch(`http://127.0.0.1:${port}/missing`)))?.code).toBe('error-avatar-invalid-url');
    expect((await failure(fetcher.fetch(`http://127.0.0.1:${port}/broken`, 'alice')))?.code).toBe('error-avatar-url-handling');
    expect((await failure(fetcher.fetch('file:///etc/passwd')))?.code).toBe('error-avatar-invalid-url');
    expect((await failure(fetcher.fetch('not a url')))?.code).toBe('error-avatar-invalid-url');
    fetcher.destroy();
  });
});
