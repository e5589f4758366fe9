import { DomainError, ErrorCode } from '@rc/contracts';

/** Longest file name kept (most file systems' limit); a longer one is refused, not cut. */
export const MAX_FILE_NAME_LENGTH = 255;

/**
 * The name a client gave its file, reduced to a file name: a path (`../../etc/passwd`, `C:\x\y.txt`) keeps its
 * last segment, control characters go. Names are only ever shown and sent back in headers: bodies are
 * stored under the upload's id, so no name can reach the storage's paths.
 */
export function cleanFileName(raw: string | undefined): string {
  const lastSegment = (raw ?? '').split(/[/\\]/).pop() ?? '';
  // eslint-disable-next-line no-control-regex
  const name = lastSegment.replace(/[\u0000-\u001f\u007f]/g, '').trim();
  if (name.length > MAX_FILE_NAME_LENGTH) {
    throw new DomainError(ErrorCode.InvalidFileName, `File name is longer than ${MAX_FILE_NAME_LENGTH} characters`);
  }
  if (name === '' || name === '.' || name === '..') throw new DomainError(ErrorCode.InvalidFileName, 'Invalid file name');
  return name;
}
