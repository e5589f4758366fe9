import { describe, expect, it } from '@jest/globals';
import { generateAdminPassword } from './generated-password.js';

describe('generateAdminPassword', () => {
  it('is 24 unambiguous letters and digits with every character class', () => {
    for (let i = 0; i < 200; i++) {
      const password = generateAdminPassword();
      expect(password).toMatch(/^[A-HJ-NP-Za-km-z2-9]{24}$/);
      expect(password).toMatch(/[a-z]/);
      expect(password).toMatch(/[A-Z]/);
      expect(password).toMatch(/[0-9]/);
    }
  });

  it('differs on every call', () => {
    const passwords = new Set(Array.from({ length: 1000 }, () => generateAdminPassword()));
    expect(passwords.size).toBe(1000);
  });
});
