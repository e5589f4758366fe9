import { DomainError, ErrorCode, type StoredUpload, type UploadTicket } from '@rc/contracts';
import type { FileStorageDriver } from '@rc/file-storage';
import sharp, { type Metadata } from 'sharp';
import type { ReceivedFile } from './multipart-upload.js';

/**
 * Largest image decoded, in pixels (sharp's `limitInputPixels`): a decompression bomb — a small file
 * declaring a huge picture — is refused from its header, before any pixel is decoded.
 */
export const MAX_IMAGE_PIXELS = 50_000_000;
/** sharp reads its whole input before decoding: larger images are stored and served, not measured or thumbnailed. */
export const MAX_IMAGE_BYTES = 32 * 1024 * 1024;
/** Formats sharp decodes; other images (SVG is refused by default, ICO, BMP, …) are stored as they are. */
const DECODABLE = new Set(['image/jpeg', 'image/png', 'image/gif', 'image/webp', 'image/tiff', 'image/avif']);

const invalidImage = (reason: string) => new DomainError(ErrorCode.InvalidFile, reason);

/** An image's format and dimensions, from its header (the body is read back from the storage). */
export async function identifyImage(driver: FileStorageDriver, fileId: string): Promise<{ format: string; width: number; height: number }> {
  // metadata() reads the header only, so no limit here: the declared size is checked below, with its own words.
  const decoder = sharp({ limitInputPixels: false, failOn: 'error' });
  (await driver.read(fileId)).pipe(decoder);
  let metadata: Metadata;
  try {
    metadata = await decoder.metadata();
  } catch {
    throw invalidImage('The file is not a valid image');
  }
  const { format, width, height } = metadata;
  if (!width || !height) throw invalidImage('The file is not a valid image');
  if (width * height > MAX_IMAGE_PIXELS) throw invalidImage(`The image is larger than ${MAX_IMAGE_PIXELS} pixels`);
  return { format, width, height };
}

/**
 * Rocket.Chat's thumbnail beside the original: at most the configured box, same type, turned upright per
 * its EXIF orientation when `FileUpload_RotateImages` is on. Streams from the storage back into it.
 */
async function storeThumbnail(
  driver: FileStorageDriver,
  original: ReceivedFile,
  thumbnail: NonNullable<UploadTicket['thumbnail']>,
  ticket: UploadTicket,
): Promise<StoredUpload> {
  const format = original.type === 'image/jpeg' ? 'jpeg' : 'png';
  let pipeline = sharp({ limitInputPixels: MAX_IMAGE_PIXELS, failOn: 'error' });
  if (ticket.rotateImages) pipeline = pipeline.rotate();
  pipeline = pipeline.resize(thumbnail.width, thumbnail.height, { fit: 'inside', withoutEnlargement: true }).toFormat(format);
  const size = new Promise<{ width: number; height: number }>((resolve) => pipeline.once('info', resolve));
  (await driver.read(ticket.fileId)).pipe(pipeline);
  const type = `image/${format}`;
  const bytes = await driver.write(thumbnail.fileId, pipeline, { contentType: type });
  const { width, height } = await size;
  return {
    _id: thumbnail.fileId,
    name: `thumb-${original.name}`,
    size: bytes,
    type,
    store: `${driver.kind}:Uploads`,
    identify: { format, size: { width, height } },
    originalFileId: ticket.fileId,
  };
}

/**
 * The metadata of a stored upload, with an image's dimensions and thumbnail. An image that does not decode, or
 * declares more than MAX_IMAGE_PIXELS, is refused (the caller removes the body).
 */
export async function describeUpload(driver: FileStorageDriver, ticket: UploadTicket, file: ReceivedFile): Promise<StoredUpload[]> {
  const upload: StoredUpload = { _id: ticket.fileId, name: file.name, size: file.size, type: file.type, store: `${driver.kind}:Uploads` };
  if (!DECODABLE.has(file.type) || file.size > MAX_IMAGE_BYTES) return [upload];
  const { format, width, height } = await identifyImage(driver, ticket.fileId);
  upload.identify = { format, size: { width, height } };
  if (!ticket.thumbnail) return [upload];
  try {
    return [upload, await storeThumbnail(driver, file, ticket.thumbnail, ticket)];
  } catch {
    // As Rocket.Chat: an image whose thumbnail fails is still posted, shown at full size (the driver has
    // already removed a partial thumbnail).
    return [upload];
  }
}
