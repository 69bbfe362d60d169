import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { specExamples } from '../apps/kios/src/docs/spec-examples';

/**
 * The repository stands on its own: a clone has nothing beside it, so no tracked file may point at
 * the reference folder next to the working copy, and every section a file cites in the project's
 * own docs must exist under that number.
 */
const root = join(__dirname, '..');

// Built from parts, so this file does not contain what it searches for.
const OUTSIDE_FOLDER = ['..', 'shared'].join('/');

/** The docs code comments cite by section, by the name a citation uses. */
const CITED_DOCS = ['architecture', 'dana-protocol'].map((name) => `docs/${name}.md`);

/**
 * `<doc> §3.1`, `<doc> §3.1–§3.4`, `<doc> §1.4, §2`, `<doc> §4.1/§4.2`: the doc, then its sections. The
 * docs themselves write the path in backticks, `` `<doc>` §4 ``.
 */
const CITATION = new RegExp(
  `(${CITED_DOCS.map((doc) => doc.replace(/[.]/g, '\\.')).join('|')})\`?` +
    '((?:(?:\\s*(?:,|–|-|/|and)\\s*|\\s+)§\\d+(?:\\.\\d+)*)+)',
  'g',
);
const SECTION = /§(\d+(?:\.\d+)*)/g;
/** `## 3. Streams and events`, `### 3.7 User Validate`. */
const HEADING = /^#{2,4} (\d+(?:\.\d+)*)\.?\s/gm;

function trackedFiles(): string[] {
  return execFileSync('git', ['ls-files', '-z'], { cwd: root, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 })
    .split('\0')
    .filter((path) => path.length > 0 && existsSync(join(root, path)));
}

/** The text of a tracked file, or undefined for a binary one (a NUL byte in it). */
function textOf(path: string): string | undefined {
  const bytes = readFileSync(join(root, path));
  return bytes.includes(0) ? undefined : bytes.toString('utf8');
}

export interface Citation {
  file: string;
  line: number;
  doc: string;
  section: string;
}

export function citationsIn(file: string, text: string): Citation[] {
  const citations: Citation[] = [];
  text.split('\n').forEach((content, index) => {
    for (const match of content.matchAll(CITATION)) {
      for (const [, section] of match[2].matchAll(SECTION)) {
        citations.push({ file, line: index + 1, doc: match[1], section });
      }
    }
  });
  return citations;
}

export function sectionsOf(markdown: string): Set<string> {
  return new Set([...markdown.matchAll(HEADING)].map(([, number]) => number));
}

/** Every citation whose doc is missing or has no heading with that number, as `file:line: doc §n`. */
export function brokenCitations(citations: Citation[], docs: ReadonlyMap<string, Set<string>>): string[] {
  return citations
    .filter(({ doc, section }) => !docs.get(doc)?.has(section))
    .map(({ file, line, doc, section }) => `${file}:${line}: ${doc} §${section}`);
}

describe('the repository', () => {
  const files = trackedFiles().map((path) => ({ path, text: textOf(path) }));
  const texts = files.filter((file): file is { path: string; text: string } => file.text !== undefined);

  it('lists its tracked files', () => {
    expect(files.map((file) => file.path)).toEqual(expect.arrayContaining(['README.md', 'package.json']));
  });

  it(`refers to nothing in ${OUTSIDE_FOLDER}, which a clone does not have`, () => {
    expect(texts.filter(({ text }) => text.includes(OUTSIDE_FOLDER)).map(({ path }) => path)).toEqual([]);
  });

  it('keeps the tests of libs and apps out of the end-to-end tree (what they share is @kios/testing)', () => {
    const intoEndToEnd = /from '(?:\.\.\/)+test\//;
    const reaching = texts
      .filter(({ path }) => /^(libs|apps)\/.*\.ts$/.test(path))
      .filter(({ text }) => intoEndToEnd.test(text))
      .map(({ path }) => path);
    expect(reaching).toEqual([]);
  });

  it('keeps source files to 300 lines, or says at the top why one is longer', () => {
    const LIMIT = 300;
    const unexplained = texts
      .filter(({ path }) => /\.(ts|js|mjs)$/.test(path))
      .filter(({ text }) => text.split('\n').length > LIMIT + 1)
      .filter(({ text }) => !/^\/\/ Long on purpose: \S/.test(text))
      .map(({ path, text }) => `${path} (${text.split('\n').length - 1} lines)`);
    expect(unexplained).toEqual([]);
  });

  it('cites only sections that exist in its own docs', () => {
    const docs = new Map(
      CITED_DOCS.filter((doc) => existsSync(join(root, doc))).map((doc) => [
        doc,
        sectionsOf(readFileSync(join(root, doc), 'utf8')),
      ]),
    );
    const citations = texts.flatMap(({ path, text }) => citationsIn(path, text));
    expect(citations.length).toBeGreaterThan(100);
    expect(brokenCitations(citations, docs)).toEqual([]);
  });
});

describe('the examples of the OpenAPI document', () => {
  const [, protocol] = CITED_DOCS;
  const markdown = readFileSync(join(root, protocol), 'utf8');

  /** The JSON examples under a `### N.M` heading of the protocol doc. */
  function examplesOf(section: string): unknown[] {
    const start = markdown.search(new RegExp(`^### ${section.replace('.', '\\.')} `, 'm'));
    if (start < 0) return [];
    const next = markdown.slice(start + 4).search(/^##/m);
    const text = next < 0 ? markdown.slice(start) : markdown.slice(start, start + 4 + next);
    return [...text.matchAll(/^```json\n([\s\S]*?)^```/gm)].map(([, json]) => JSON.parse(json));
  }

  it.each(Object.entries(specExamples))('are the %s examples of the protocol doc', (_, example) => {
    const [doc, section] = example.section.split(' §');
    expect(doc).toBe(protocol);
    expect(examplesOf(section)).toEqual(expect.arrayContaining([example.request, example.response]));
  });
});

describe('the citation check', () => {
  // Doc names built from parts: a citation of a missing section here would fail the check above.
  const [architecture, protocol] = CITED_DOCS;
  const docs = new Map([
    [architecture, sectionsOf('# kios\n\n## 1. Shape\n\n## 4. Create Order, step by step\n')],
    [protocol, sectionsOf('## 3. The APIs\n\n### 3.1 Get List of Product\n\n### 3.4 Get Order Detail\n')],
  ]);

  it('reads section numbers from `## N.` and `### N.M` headings', () => {
    expect([...docs.get(protocol)!]).toEqual(['3', '3.1', '3.4']);
  });

  it('reads every section of a citation: a range, a list, a step', () => {
    const text = `a (${protocol} §3.1–§3.4) b (${protocol} §3.1, §3) c (${architecture} §4 step 5) d \`${protocol}\` §3.4`;
    expect(citationsIn('x.ts', text).map(({ doc, section }) => `${doc} §${section}`)).toEqual([
      `${protocol} §3.1`,
      `${protocol} §3.4`,
      `${protocol} §3.1`,
      `${protocol} §3`,
      `${architecture} §4`,
      `${protocol} §3.4`,
    ]);
  });

  it('names a citation of a section the doc lacks, and of a doc that does not exist', () => {
    const text = `ok ${architecture} §1.\nnot ${architecture} §7, ${protocol} §3.9`;
    const missing = 'docs/' + 'missing.md';
    const citations = [...citationsIn('x.ts', text), { file: 'y.ts', line: 3, doc: missing, section: '1' }];
    expect(brokenCitations(citations, docs)).toEqual([
      `x.ts:2: ${architecture} §7`,
      `x.ts:2: ${protocol} §3.9`,
      `y.ts:3: ${missing} §1`,
    ]);
  });
});
