import { readFileSync } from 'node:fs';
import {
  type Anchor,
  canonicalAnchor,
  type JsonValue,
  readAnchor,
  UnreadableAnchor,
} from '@kios/event-store';

/** Anchors kept outside kios (`kios-cli anchors export`): one canonical JSON anchor a line. */
export function anchorsFileLines(anchors: readonly Anchor[]): string[] {
  return anchors.map(canonicalAnchor);
}

/** Reads a kept copy; a line that is not an anchor names its line number. */
export function readAnchorsFile(path: string): Anchor[] {
  const text = readFileSync(path, 'utf8');
  return text
    .split('\n')
    .map((line, index) => ({ line: line.trim(), number: index + 1 }))
    .filter(({ line }) => line !== '')
    .map(({ line, number }) => {
      let value: JsonValue;
      try {
        value = JSON.parse(line) as JsonValue;
      } catch {
        throw new UnreadableAnchor(`${path} line ${number}: not JSON`);
      }
      return readAnchor(value, `${path} line ${number}`);
    });
}
