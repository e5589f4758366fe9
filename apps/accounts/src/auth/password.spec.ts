import { describe, expect, it } from '@jest/globals';
import { hashPasswordDigest, passwordDigest, verifyPasswordDigest } from './password.js';

describe('password scheme', () => {
  it('hashes the SHA-256 hex digest, so digest and plain logins verify alike', async () => {
    const digest = passwordDigest('s3cret');
    const hash = await hashPasswordDigest(digest, 4);
    expect(hash).toMatch(/^\$2[aby]\$04\$/);
    expect(await verifyPasswordDigest(passwordDigest('s3cret'), hash)).toBe(true);
    expect(await verifyPasswordDigest(digest.toUpperCase(), hash)).toBe(true);
    expect(await verifyPasswordDigest(passwordDigest('wrong'), hash)).toBe(false);
  });

  it('matches the known SHA-256 of a password', () => {
    expect(passwordDigest('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });
});
