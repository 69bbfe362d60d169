/**
 * The exact source text of a top-level member's value (docs/dana-protocol.md §2.2, §2.6): DANA signs the characters
 * of the `request`/`response` value as they appear in the HTTP body, so we must verify over those
 * characters, not over a re-serialisation.
 *
 * When a member name repeats, the LAST occurrence wins, as it does for `JSON.parse`; otherwise a
 * body could carry a genuinely signed first `request` and a forged second one that the pipeline
 * would then act on.
 */
export function rawMember(bodyText: string, member: string): string | undefined {
  try {
    return new MemberScanner(bodyText).find(member);
  } catch (error) {
    // SyntaxError: a member name with a broken escape sequence.
    if (error instanceof MalformedJson || error instanceof SyntaxError) return undefined;
    throw error;
  }
}

class MalformedJson extends Error {}

const WHITESPACE = new Set([' ', '\t', '\r', '\n']);
const LITERAL_END = new Set([',', '}', ']', ' ', '\t', '\r', '\n']);

class MemberScanner {
  private at = 0;

  constructor(private readonly text: string) {}

  find(member: string): string | undefined {
    this.skipWhitespace();
    if (this.text[this.at] !== '{') return undefined;
    this.at++;
    this.skipWhitespace();
    if (this.text[this.at] === '}') return undefined;
    let found: string | undefined;
    for (;;) {
      this.skipWhitespace();
      if (this.text[this.at] !== '"') throw new MalformedJson();
      const key = JSON.parse(this.text.slice(...this.string())) as string;
      this.skipWhitespace();
      if (this.text[this.at++] !== ':') throw new MalformedJson();
      this.skipWhitespace();
      const [start, end] = this.value();
      if (key === member) found = this.text.slice(start, end);
      this.skipWhitespace();
      const separator = this.text[this.at++];
      if (separator === '}') return found;
      if (separator !== ',') throw new MalformedJson();
    }
  }

  private skipWhitespace(): void {
    while (this.at < this.text.length && WHITESPACE.has(this.text[this.at])) this.at++;
  }

  /** Span of the string starting at the current `"`, quotes included. */
  private string(): [number, number] {
    const start = this.at++;
    while (this.at < this.text.length) {
      const c = this.text[this.at];
      if (c === '\\') {
        this.at += 2;
        continue;
      }
      this.at++;
      if (c === '"') return [start, this.at];
    }
    throw new MalformedJson();
  }

  /** Span of the value starting at the current position. */
  private value(): [number, number] {
    const start = this.at;
    const first = this.text[this.at];
    if (first === '"') return this.string();
    if (first === '{' || first === '[') {
      let depth = 0;
      while (this.at < this.text.length) {
        const c = this.text[this.at];
        if (c === '"') {
          this.string();
          continue;
        }
        this.at++;
        if (c === '{' || c === '[') depth++;
        else if (c === '}' || c === ']') {
          depth--;
          if (depth === 0) return [start, this.at];
        }
      }
      throw new MalformedJson();
    }
    while (this.at < this.text.length && !LITERAL_END.has(this.text[this.at])) this.at++;
    if (this.at === start) throw new MalformedJson();
    return [start, this.at];
  }
}
