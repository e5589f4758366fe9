import { DomainError, ErrorCode } from '@rc/contracts';
import type { FileStorageDriver } from '@rc/file-storage';
import { fileTypeFromBuffer } from 'file-type';
import { Readable } from 'node:stream';
import { SNIFF_BYTES } from '../uploads/sniff-type.js';

export const emojiNotImage = () =>
  new DomainError(ErrorCode.EmojiNotImage, "Emoji file provided cannot be uploaded since it's not an image");

/** Raster images a browser shows in an `<img>`; SVG is refused (it can carry scripts when opened directly). */
const IMAGE_TYPES = new Set(['image/png', 'image/jpeg', 'image/gif', 'image/webp', 'image/avif', 'image/apng', 'image/bmp']);

/**
 * Stores an image part unchanged (an animated GIF stays animated) once its first bytes say it is an image of
 * a type above, whatever the client claimed; anything else is refused before a byte is written.
 */
export async function storeSniffedImage(driver: FileStorageDriver, key: string, stream: Readable): Promise<{ type: string; size: number }> {
  const chunks = stream[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
  const head: Buffer[] = [];
  let headLength = 0;
  let ended = false;
  while (headLength < SNIFF_BYTES) {
    const next = await chunks.next();
    if (next.done) {
      ended = true;
      break;
    }
    head.push(next.value);
    headLength += next.value.length;
  }
  const sniffed = headLength > 0 ? await fileTypeFromBuffer(Buffer.concat(head)) : undefined;
  if (!sniffed || !IMAGE_TYPES.has(sniffed.mime)) {
    stream.resume();
    throw emojiNotImage();
  }
  const body = Readable.from(
    (async function* () {
      yield* head;
      if (ended) return;
      for (let next = await chunks.next(); !next.done; next = await chunks.next()) yield next.value;
    })(),
    { objectMode: false },
  );
  const size = await driver.write(key, body, { contentType: sniffed.mime });
  return { type: sniffed.mime, size };
}
