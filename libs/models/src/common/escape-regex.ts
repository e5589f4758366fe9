/** Escapes user input for use inside a RegExp, so that a search never becomes a pattern. */
export function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
