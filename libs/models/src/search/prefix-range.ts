import { escapeRegExp } from '../common/escape-regex.js';

/**
 * A case-insensitive prefix match that an ordered index can narrow: the anchored, escaped pattern plus the
 * range of keys every case variant of the prefix falls in (each variant sorts between the prefix's upper-case
 * and lower-case forms, code unit by code unit). The range stops at the first character whose case forms are
 * not single code units of their own (the pattern still decides); an empty prefix gives no range.
 */
export function prefixMatch(prefix: string): { $regex: RegExp; $gte?: string; $lt?: string } {
  const $regex = new RegExp(`^${escapeRegExp(prefix)}`, 'i');
  let low = '';
  let high = '';
  for (const char of prefix) {
    const upper = char.toUpperCase();
    const lower = char.toLowerCase();
    if (char.length !== 1 || upper.length !== 1 || lower.length !== 1) break;
    const forms = [char, upper, lower].sort();
    low += forms[0];
    high += forms[2];
  }
  if (!low) return { $regex };
  return { $regex, $gte: low, $lt: `${high}\uffff` };
}
