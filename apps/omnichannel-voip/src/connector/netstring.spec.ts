import { NetstringDecoder, encodeNetstring } from './netstring.js';

describe('netstrings', () => {
  it('round-trips frames split anywhere, multi-byte characters included', () => {
    const wire = Buffer.concat([encodeNetstring('{"a":"é"}'), encodeNetstring(''), encodeNetstring('xyz')]);
    const decoder = new NetstringDecoder();
    const frames: string[] = [];
    for (let i = 0; i < wire.length; i += 3) frames.push(...decoder.push(wire.subarray(i, i + 3)));
    expect(frames).toEqual(['{"a":"é"}', '', 'xyz']);
  });

  it('refuses a malformed frame', () => {
    expect(() => new NetstringDecoder().push(Buffer.from('3:abc;'))).toThrow('trailing comma');
    expect(() => new NetstringDecoder().push(Buffer.from('x:'))).toThrow('bad length prefix');
    expect(() => new NetstringDecoder().push(Buffer.from('1234567890'))).toThrow('too long');
  });
});
