import { DomainError, ErrorCode } from '@rc/contracts';
import type { FileStorageDriver } from '@rc/file-storage';
import { fileTypeFromBuffer } from 'file-type';
import type { Readable } from 'node:stream';
import { peekHead } from '../uploads/sniff-type.js';

export const emojiNotImage = () =>
  new DomainError(ErrorCode.EmojiNotImage, "Emoji file provided cannot be uploaded since it's not an image");

/** Raster images a browser shows in an `<img>`; SVG is refused (it can carry scripts when opened directly). */
const IMAGE_TYPES = new Set(['image/png', 'image/jpeg', 'image/gif', 'image/webp', 'image/avif', 'image/apng', 'image/bmp']);

/**
 * Stores an image part unchanged (an animated GIF stays animated) once its first bytes say it is an image of
 * a type above, whatever the client claimed; anything else is refused before a byte is written.
 */
export async function storeSniffedImage(driver: FileStorageDriver, key: string, stream: Readable): Promise<{ type: string; size: number }> {
  const { head, body } = await peekHead(stream);
  const sniffed = head.length > 0 ? await fileTypeFromBuffer(head) : undefined;
  if (!sniffed || !IMAGE_TYPES.has(sniffed.mime)) {
    stream.resume();
    throw emojiNotImage();
  }
  const size = await driver.write(key, body, { contentType: sniffed.mime });
  return { type: sniffed.mime, size };
}
