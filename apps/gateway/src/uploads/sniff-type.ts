import { DomainError, ErrorCode } from '@rc/contracts';
import { fileTypeFromBuffer } from 'file-type';

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
