import { escapeRegExp } from '../common/escape-regex.js';

/**
 * A case-insensitive prefix match that an ordered index can narrow: the anchored, escaped pattern plus the
 * range of keys every case variant of the prefix falls in (each variant sorts between the prefix's upper-case
 * and lower-case forms, code unit by code unit). The range stops at the first character whose case forms are
 * not single code units of their own (the pattern still decides); an empty prefix ranges over every string.
 */
export function prefixMatch(prefix: string): { pattern: RegExp; range: { $gte: string; $lt?: string } } {
  const pattern = new RegExp(`^${escapeRegExp(prefix)}`, 'i');
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
  return { pattern, range: low ? { $gte: low, $lt: `${high}\uffff` } : { $gte: '' } };
}

/**
 * The filter for "`field` starts with `prefix`" (and meets `more` conditions on the same field): the range on
 * the field itself, where the planner of either database uses the field's index, and the pattern and the other
 * conditions under `$and`, where they only filter what the range found.
 */
export function prefixFilter(field: string, prefix: string, ...more: Array<Record<string, unknown>>): Record<string, unknown> {
  const { pattern, range } = prefixMatch(prefix);
  return { [field]: range, $and: [{ [field]: pattern }, ...more.map((condition) => ({ [field]: condition }))] };
}
