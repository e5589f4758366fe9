import { DomainError, ErrorCode, type UploadTicket } from '@rc/contracts';
import { isAcceptedMediaType, type FileStorageDriver } from '@rc/file-storage';
import busboy from 'busboy';
import type { IncomingMessage } from 'node:http';
import { pipeline, Readable } from 'node:stream';
import { ExifTransformer } from './exif-transformer.js';
import { cleanFileName } from './file-name.js';
import { peekHead, sniffType } from './sniff-type.js';

/** A client that went away mid-body: refused as its request's own fault (nobody reads it), not logged as the server's. */
export const clientClosed = () => new DomainError(ErrorCode.InvalidParams, 'The client closed the connection during the upload');

/** A body stored completely under the ticket's id. */
export interface ReceivedFile {
  name: string;
  size: number;
  /** The sniffed type (see sniffType). */
  type: string;
}

export interface ReceivedUpload {
  file: ReceivedFile;
  /** The form's text fields (`msg`, `description`, `tmid`, …). */
  fields: Record<string, string>;
}

/** Bodies whose EXIF / XMP `exif-be-gone` cuts out (`Message_Attachments_Strip_Exif`); other types pass untouched. */
const EXIF_TYPES = new Set(['image/jpeg', 'image/png', 'image/webp']);

const tooLarge = () => new DomainError(ErrorCode.FileTooLarge, 'File size exceeds the allowed limit');

/**
 * Streams a `multipart/form-data` request's `file` part into the storage as it arrives (busboy), never holding
 * more than a few chunks: the first bytes are held only until the type is known, then everything flows to the
 * driver. A refused type, a body over `FileUpload_MaxFileSize` (stopped at the limit, not after), a client
 * that goes away or a malformed body makes the driver remove what it stored; nothing remains.
 */
export function receiveMultipart(request: IncomingMessage, ticket: UploadTicket, driver: FileStorageDriver): Promise<ReceivedUpload> {
  return new Promise((resolve, reject) => {
    let parser: busboy.Busboy;
    try {
      parser = busboy({
        headers: request.headers,
        defParamCharset: 'utf8',
        limits: {
          files: 1,
          fields: 20,
          parts: 25,
          fieldSize: 1_100_000,
          // One byte over the limit is enough to know; `store` counts the bytes itself (a file of exactly the
          // limit is accepted, as Rocket.Chat's `size > FileUpload_MaxFileSize` check).
          ...(ticket.maxFileSize >= 0 && { fileSize: ticket.maxFileSize + 1 }),
        },
      });
    } catch {
      reject(new DomainError(ErrorCode.NoFile, 'No file uploaded'));
      return;
    }
    const fields: Record<string, string> = {};
    let stored: Promise<ReceivedFile> | undefined;
    let failure: Error | undefined;
    let parsed = false;
    /** The file part being stored, failed on the spot when the request fails. */
    let part: Readable | undefined;

    const fail = (error: Error) => {
      failure ??= error;
      part?.destroy(error);
      // Stop parsing; the rest of the body is read and dropped, so the client gets our answer.
      request.unpipe(parser);
      request.resume();
      if (!stored) reject(failure);
    };
    const settle = () => {
      if (!parsed || failure) return;
      if (!stored) reject(new DomainError(ErrorCode.NoFile, 'No file uploaded'));
      else stored.then((file) => resolve({ file, fields }), reject);
    };

    parser.on('file', (fieldName, stream, info) => {
      if (fieldName !== 'file') {
        stream.resume();
        fail(new DomainError(ErrorCode.InvalidUploadField, 'invalid-field'));
        return;
      }
      let name: string;
      try {
        name = cleanFileName(info.filename);
      } catch (error) {
        stream.resume();
        fail(error as Error);
        return;
      }
      part = stream;
      stream.once('limit', () => stream.destroy(tooLarge()));
      stored = store(stream, name, info.mimeType, ticket, driver).catch((error: Error) => {
        // The store's own failure, or the request's: report the first one.
        const reported = failure ?? error;
        failure = reported;
        request.unpipe(parser);
        request.resume();
        throw reported;
      });
      stored.catch(reject);
    });
    parser.on('field', (name, value) => {
      fields[name] = value;
    });
    parser.on('filesLimit', () => fail(new DomainError(ErrorCode.InvalidParams, 'Only one file can be uploaded at a time')));
    parser.on('error', (error: Error) => fail(new DomainError(ErrorCode.InvalidParams, `Malformed multipart body: ${error.message}`)));
    parser.on('close', () => {
      parsed = true;
      settle();
    });
    // A client that goes away mid-body: the part fails, so the driver removes what it had stored.
    request.on('close', () => {
      if (!parsed && !request.complete) fail(clientClosed());
    });
    request.pipe(parser);
  });
}

/** Holds the first bytes until the type is known and accepted, then streams the whole body to the driver. */
async function store(
  stream: Readable,
  name: string,
  claimed: string,
  ticket: UploadTicket,
  driver: FileStorageDriver,
): Promise<ReceivedFile> {
  const limit = ticket.maxFileSize >= 0 ? ticket.maxFileSize : Infinity;
  const { head, body } = await peekHead(stream, { maxBytes: limit, tooLarge });
  if (head.length === 0) throw new DomainError(ErrorCode.InvalidFile, 'The file is empty');
  const type = await sniffType(head, claimed);
  if (!isAcceptedMediaType(type, ticket.whiteList, ticket.blackList)) {
    throw new DomainError(ErrorCode.InvalidFileType, 'File type is not accepted.');
  }
  const stored = ticket.stripExif && EXIF_TYPES.has(type) ? pipeline(body, new ExifTransformer(), () => undefined) : body;
  const size = await driver.write(ticket.fileId, stored, { contentType: type });
  return { name, size, type };
}
