/**
 * How deeply a request body may nest objects and arrays. DANA's deepest envelope nests about six
 * levels (request → body → order → destinationInfo → …); deeper input is refused before it is
 * parsed, so a body of a million `[` costs one pass over its text and no parser recursion.
 */
export const MAX_JSON_DEPTH = 32;

/** Whether JSON text nests objects and arrays deeper than `max` (strings, with their escapes, skipped). */
export function nestsDeeperThan(text: string, max: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i += 1) {
    const char = text.charCodeAt(i);
    if (inString) {
      if (char === 0x5c)
        i += 1; // a backslash: the next character is escaped
      else if (char === 0x22) inString = false;
    } else if (char === 0x22) {
      inString = true;
    } else if (char === 0x7b || char === 0x5b) {
      depth += 1;
      if (depth > max) return true;
    } else if (char === 0x7d || char === 0x5d) {
      depth -= 1;
    }
  }
  return false;
}
