import { describe, expect, it } from '@jest/globals';
import { cleanFileName } from './file-name.js';

describe('cleanFileName', () => {
  it('keeps the last segment of a path', () => {
    expect(cleanFileName('../../etc/passwd')).toBe('passwd');
    expect(cleanFileName('C:\\Users\\me\\report.pdf')).toBe('report.pdf');
    expect(cleanFileName('photo 1.png')).toBe('photo 1.png');
  });

  it('refuses names that are empty, only dots, or too long', () => {
    expect(() => cleanFileName('../')).toThrow('Invalid file name');
    expect(() => cleanFileName('..')).toThrow('Invalid file name');
    expect(() => cleanFileName(undefined)).toThrow('Invalid file name');
    expect(() => cleanFileName('a'.repeat(256))).toThrow('longer than 255');
  });
});
