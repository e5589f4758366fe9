import { DomainError, ErrorCode } from '@rc/contracts';
import { fileTypeFromBuffer } from 'file-type';
import { Readable } from 'node:stream';

/** Bytes `file-type` needs to recognise every format it knows. */
export const SNIFF_BYTES = 4100;

/**
 * The type an upload is stored and checked as: what its first bytes say when they say something (a PNG sent
 * as `text/plain` is a PNG); otherwise the client's claim, unless it claims an image, which has a signature
 * we would have recognised (SVG, plain XML, is the exception).
 */
export async function sniffType(head: Buffer, claimed: string): Promise<string> {
  const sniffed = await fileTypeFromBuffer(head);
  if (sniffed) return sniffed.mime;
  const type = claimed.toLowerCase();
  if (type.startsWith('image/') && type !== 'image/svg+xml') {
    throw new DomainError(ErrorCode.InvalidFile, 'The file is not a valid image');
  }
  return type || 'application/octet-stream';
}

/**
 * A stream's first bytes (SNIFF_BYTES, fewer when it ends sooner), read before anything is stored so its type
 * can be checked, and the whole stream again (head included) for the driver. Past `maxBytes` the head throws
 * and the body fails with `tooLarge()`, a failure the driver sees, so it removes what it stored.
 */
export async function peekHead(
  stream: Readable,
  limit?: { maxBytes: number; tooLarge: () => Error },
): Promise<{ head: Buffer; body: Readable }> {
  const maxBytes = limit?.maxBytes ?? Infinity;
  const chunks = stream[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
  const parts: Buffer[] = [];
  let length = 0;
  let ended = false;
  while (length < SNIFF_BYTES) {
    const next = await chunks.next();
    if (next.done) {
      ended = true;
      break;
    }
    parts.push(next.value);
    length += next.value.length;
  }
  if (length > maxBytes) throw limit!.tooLarge();
  const head = Buffer.concat(parts);
  const body = Readable.from(
    (async function* () {
      yield head;
      if (ended) return;
      let size = length;
      for (let next = await chunks.next(); !next.done; next = await chunks.next()) {
        size += next.value.length;
        if (size > maxBytes) throw limit!.tooLarge();
        yield next.value;
      }
    })(),
    { objectMode: false },
  );
  return { head, body };
}
