import { describe, expect, it } from '@jest/globals';
import EJSON from 'ejson';
import { parseEjson, stringifyEjson } from './fast-ejson.js';

const at = new Date('2026-12-04T23:30:00.123Z');
const message = {
  _id: 'm1',
  rid: 'GENERAL',
  msg: 'héllo "quoted" \\ \u2028 \u0000 end',
  ts: at,
  u: { _id: 'u1', username: 'alice', name: 'Alice' },
  md: [{ type: 'PARAGRAPH', value: [{ type: 'PLAIN_TEXT', value: 'héllo' }] }],
  mentions: [],
  _updatedAt: at,
};

/** Values services publish, and the shapes EJSON treats specially (which take its own path). */
const values: Array<[string, unknown]> = [
  ['a message', message],
  ['a message and its room', { message, room: { _id: 'GENERAL', t: 'c', lm: at, lastMessage: message, msgs: 3, ro: false } }],
  ['a Nest request packet', { pattern: 'messages.send', data: { rid: 'r', msg: 'x', ts: at }, id: 'abc' }],
  ['scalars', [0, -0, 1.5, -2, 'text', true, false, null]],
  ['undefined fields and array items', { a: undefined, b: [undefined, 1], c: { d: undefined } }],
  ['a sparse array', [1, , 3]], // eslint-disable-line no-sparse-arrays
  ['an invalid date', { when: new Date(Number.NaN) }],
  ['an object without prototype', Object.assign(Object.create(null) as object, { a: at })],
  ['empty containers', { o: {}, a: [] }],
  ['a top-level date', at],
  ['a top-level string', 'plain'],
  ['a key starting with $', { $date: 'not a date' }],
  ['a key starting with $, alone', { nested: { $escape: 1 } }],
  ['$ keys among others', { $a: 1, $b: 2, c: 3 }],
  ['NaN and Infinity', { n: Number.NaN, i: Number.POSITIVE_INFINITY, j: Number.NEGATIVE_INFINITY }],
  ['binary', { data: new Uint8Array([1, 2, 255]) }],
  ['a Buffer', { data: Buffer.from('hi') }],
  ['a RegExp', { re: /a+b/gi }],
  [
    'a class instance',
    {
      v: new (class Point {
        x = 1;
        y = at;
      })(),
    },
  ],
  ['a toJSON method', { v: { toJSON: () => 'custom' } }],
];

/** Seeded (mulberry32): the same trees every run. */
function seeded(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function randomTree(random: () => number, depth: number): unknown {
  const pick = Math.floor(random() * (depth > 3 ? 6 : 9));
  const keys = ['_id', 'a', '$date', 'ts', '$escape', 'b', '__proto__', 'é', '$binary'];
  switch (pick) {
    case 0:
      return Math.floor(random() * 1000) - 500;
    case 1:
      return `s${Math.floor(random() * 100)}"\\`;
    case 2:
      return random() < 0.5;
    case 3:
      return null;
    case 4:
      return new Date(Math.floor(random() * 2e12));
    case 5:
      return undefined;
    case 6:
      return Array.from({ length: Math.floor(random() * 4) }, () => randomTree(random, depth + 1));
    default: {
      const out: Record<string, unknown> = {};
      const count = Math.floor(random() * 4);
      for (let i = 0; i < count; i++) {
        const key = keys[Math.floor(random() * keys.length)];
        if (key === '__proto__') continue; // not a key a service builds by assignment
        out[key] = randomTree(random, depth + 1);
      }
      return out;
    }
  }
}

describe('stringifyEjson', () => {
  it.each(values)('writes EJSON.stringify’s text for %s', (_name, value) => {
    expect(stringifyEjson(value)).toBe(EJSON.stringify(value));
  });

  it('writes EJSON.stringify’s text for 2,000 random trees', () => {
    const random = seeded(23);
    for (let i = 0; i < 2000; i++) {
      const value = randomTree(random, 0);
      expect(stringifyEjson(value)).toBe(EJSON.stringify(value));
    }
  });

  it('leaves its argument unchanged', () => {
    const value = { message: { ...message }, list: [at] };
    stringifyEjson(value);
    expect(value.list[0]).toBe(at);
    expect(value.message.ts).toBe(at);
  });
});

/** A value, or the error it threw: EJSON refuses some texts (a `$binary` that is not base64), and so must the copy. */
function outcome(read: () => unknown): unknown {
  try {
    return { value: read() };
  } catch (error) {
    return { error: (error as Error).message };
  }
}

describe('parseEjson', () => {
  it.each(values)('reads what EJSON.parse reads for %s', (_name, value) => {
    const text = EJSON.stringify(value);
    expect(parseEjson(text)).toEqual(EJSON.parse(text));
  });

  it('reads what EJSON.parse reads for 2,000 random trees', () => {
    const random = seeded(11);
    for (let i = 0; i < 2000; i++) {
      const text = EJSON.stringify(randomTree(random, 0)) as string | undefined;
      if (text === undefined) continue; // a top-level undefined has no text
      // Compared as EJSON text: an invalid Date is not equal to itself.
      expect(EJSON.stringify(outcome(() => parseEjson(text)))).toBe(EJSON.stringify(outcome(() => EJSON.parse(text))));
    }
  });

  it.each([
    ['{"ts":{"$date":1733355000123}}', { ts: new Date(1733355000123) }],
    ['[{"$date":0},{"$escape":{"$date":5}}]', [new Date(0), { $date: 5 }]],
    ['{"a":{"$date":"2026-12-04T00:00:00.000Z"}}', { a: new Date('2026-12-04T00:00:00.000Z') }],
    ['{"b":{"$binary":"AQL/"}}', { b: new Uint8Array([1, 2, 255]) }],
    ['{"n":{"$InfNaN":-1}}', { n: Number.NEGATIVE_INFINITY }],
    ['{"$foo":{"$date":7}}', { $foo: new Date(7) }],
  ])('reads %s', (text, expected) => {
    expect(parseEjson(text)).toEqual(expected);
    expect(parseEjson(text)).toEqual(EJSON.parse(text));
  });

  it('keeps a __proto__ key an own property, not the prototype', () => {
    const value = parseEjson('{"__proto__":{"ts":{"$date":1}}}') as Record<string, unknown>;
    expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
    expect(Object.getOwnPropertyDescriptor(value, '__proto__')?.value).toEqual({ ts: new Date(1) });
  });
});
