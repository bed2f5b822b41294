/**
 * AutoGen's stop word is for the loop, not for the reader: the text without TERMINATE, alone on a
 * line or at the end (with a trailing full stop). A word that merely contains it stays.
 */
export function withoutTerminate(text: string): string {
  return text.replace(/(^|\n)[ \t]*TERMINATE[ \t.]*(?=\n|$)/g, '$1').replace(/\s*\bTERMINATE\b[\s.]*$/, '');
}
