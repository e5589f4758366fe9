import { DomainError, ErrorCode } from '@rc/contracts';
import busboy from 'busboy';
import type { IncomingMessage } from 'node:http';
import type { Readable } from 'node:stream';
import { clientClosed } from '../uploads/multipart-upload.js';

export const noImage = () => new DomainError(ErrorCode.InvalidParams, "The 'image' param is required");
const tooLarge = () => new DomainError(ErrorCode.FileTooLarge, 'File size exceeds the allowed limit');

/** Which part carries the image (`image` for avatars, `emoji` for custom emoji), and whether it may be absent. */
export interface ImagePartOptions {
  field?: string;
  /** Without the part the form is still accepted (`emoji-custom.update` keeping its image): `stored` undefined. */
  optional?: boolean;
  missing?: () => Error;
}

/**
 * A multipart body with one image part (`users.setAvatar`'s `image`, `emoji-custom.create`'s `emoji`): the part
 * goes to `store` as it arrives (never held whole here), the text fields (before or after the image) are
 * gathered. Resolves once the body is parsed and the image stored; rejects on a refused, missing, extra or
 * oversized part, a malformed body or a client gone — the caller then removes whatever `store` may have written.
 */
export function receiveAvatarMultipart<T>(
  request: IncomingMessage,
  maxBytes: number,
  store: (image: Readable) => Promise<T>,
  options: ImagePartOptions & { optional: true },
): Promise<{ stored: T | undefined; fields: Record<string, string> }>;
export function receiveAvatarMultipart<T>(
  request: IncomingMessage,
  maxBytes: number,
  store: (image: Readable) => Promise<T>,
  options?: ImagePartOptions,
): Promise<{ stored: T; fields: Record<string, string> }>;
export function receiveAvatarMultipart<T>(
  request: IncomingMessage,
  maxBytes: number,
  store: (image: Readable) => Promise<T>,
  { field = 'image', optional = false, missing = noImage }: ImagePartOptions = {},
): Promise<{ stored: T | undefined; fields: Record<string, string> }> {
  return new Promise((resolve, reject) => {
    let parser: busboy.Busboy;
    try {
      parser = busboy({
        headers: request.headers,
        defParamCharset: 'utf8',
        limits: { files: 1, fields: 10, parts: 12, fieldSize: 10_000, fileSize: maxBytes + 1 },
      });
    } catch {
      reject(missing());
      return;
    }
    const fields: Record<string, string> = {};
    let stored: Promise<T | undefined> | undefined;
    let failure: Error | undefined;
    let parsed = false;
    let part: Readable | undefined;

    const fail = (error: Error) => {
      failure ??= error;
      part?.destroy(error);
      request.unpipe(parser);
      request.resume();
      reject(failure);
    };
    parser.on('file', (name, stream) => {
      if (name !== field) {
        stream.resume();
        fail(new DomainError(ErrorCode.InvalidUploadField, 'invalid-field'));
        return;
      }
      part = stream;
      stream.once('limit', () => stream.destroy(tooLarge()));
      stored = store(stream);
      stored.catch((error: Error) => fail(error));
    });
    parser.on('field', (name, value) => {
      fields[name] = value;
    });
    parser.on('filesLimit', () => fail(new DomainError(ErrorCode.InvalidParams, 'Only one file can be uploaded at a time')));
    parser.on('error', (error: Error) => fail(new DomainError(ErrorCode.InvalidParams, `Malformed multipart body: ${error.message}`)));
    parser.on('close', () => {
      parsed = true;
      if (failure) return;
      if (!stored && !optional) reject(missing());
      else if (!stored) resolve({ stored: undefined, fields });
      else stored.then((value) => (failure ? reject(failure) : resolve({ stored: value, fields })), reject);
    });
    request.on('close', () => {
      if (!parsed && !request.complete) fail(clientClosed());
    });
    request.pipe(parser);
  });
}
