/**
 * Netstrings (`<length>:<bytes>,`, D. J. Bernstein), the framing of Kamailio's evapi connection: one JSON document
 * per netstring in both directions.
 */
export function encodeNetstring(payload: string): Buffer {
  const body = Buffer.from(payload, 'utf8');
  return Buffer.concat([Buffer.from(`${body.length}:`, 'ascii'), body, Buffer.from(',', 'ascii')]);
}

const MAX_LENGTH_DIGITS = 9;

/** Splits a byte stream into netstrings; a malformed frame throws (the connection is then dropped). */
export class NetstringDecoder {
  private buffer: Buffer = Buffer.alloc(0);

  push(chunk: Buffer): string[] {
    this.buffer = this.buffer.length ? Buffer.concat([this.buffer, chunk]) : chunk;
    const frames: string[] = [];
    for (;;) {
      const colon = this.buffer.indexOf(0x3a);
      if (colon < 0) {
        if (this.buffer.length > MAX_LENGTH_DIGITS) throw new Error('netstring: length prefix too long');
        return frames;
      }
      const prefix = this.buffer.subarray(0, colon).toString('ascii');
      if (!/^\d{1,9}$/.test(prefix)) throw new Error(`netstring: bad length prefix ${JSON.stringify(prefix.slice(0, 12))}`);
      const length = Number(prefix);
      const end = colon + 1 + length;
      if (this.buffer.length < end + 1) return frames;
      if (this.buffer[end] !== 0x2c) throw new Error('netstring: missing trailing comma');
      frames.push(this.buffer.subarray(colon + 1, end).toString('utf8'));
      this.buffer = this.buffer.subarray(end + 1);
    }
  }
}
