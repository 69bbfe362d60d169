import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import * as ts from 'typescript';

/**
 * No import cycles among the TypeScript files of apps/, libs/ and bench/.
 *
 * A module's imports are its `import … from`, `export … from`, `import x = require(…)`, `import(…)` and
 * `require(…)` of a relative path (`./x` → `x.ts` or `x/index.ts`) or of a lib (`@kios/<lib>` →
 * `libs/<lib>/src/index.ts`); node modules are not followed.
 *
 * `import type` counts. A cycle made only of types still ties two modules into one design unit (neither
 * can be read, moved or changed without the other); it is only invisible at run time. When two modules
 * share nothing but types, the fix is a small types module both import, and that is cheap to make, so the
 * test does not need an exception for them.
 */
const root = join(__dirname, '..');
const SCANNED = ['apps', 'libs', 'bench'];

export type ImportGraph = Map<string, string[]>;

/** The module specifiers a source text imports, in order, type-only imports included. */
export function importsOf(fileName: string, text: string): string[] {
  const source = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, false, ts.ScriptKind.TS);
  const specifiers: string[] = [];
  const visit = (node: ts.Node): void => {
    if ((ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier) {
      if (ts.isStringLiteral(node.moduleSpecifier)) specifiers.push(node.moduleSpecifier.text);
    } else if (
      ts.isImportEqualsDeclaration(node) &&
      ts.isExternalModuleReference(node.moduleReference) &&
      ts.isStringLiteral(node.moduleReference.expression)
    ) {
      specifiers.push(node.moduleReference.expression.text);
    } else if (
      ts.isCallExpression(node) &&
      (node.expression.kind === ts.SyntaxKind.ImportKeyword ||
        (ts.isIdentifier(node.expression) && node.expression.text === 'require')) &&
      node.arguments.length === 1 &&
      ts.isStringLiteralLike(node.arguments[0])
    ) {
      specifiers.push(node.arguments[0].text);
    } else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument)) {
      const literal = node.argument.literal;
      if (ts.isStringLiteral(literal)) specifiers.push(literal.text);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return specifiers;
}

/**
 * The repository file (relative to `base`, `/`-separated) a specifier names, or undefined for a node
 * module or a file that is not TypeScript.
 */
export function resolveImport(
  from: string,
  specifier: string,
  exists: (path: string) => boolean,
): string | undefined {
  let target: string;
  const lib = /^@kios\/([\w-]+)$/.exec(specifier);
  if (lib) target = `libs/${lib[1]}/src/index`;
  else if (specifier.startsWith('./') || specifier.startsWith('../')) target = join(dirname(from), specifier);
  else return undefined;
  target = target.split('\\').join('/');
  const candidates = [`${target}.ts`, `${target}/index.ts`];
  if (target.endsWith('.ts')) candidates.unshift(target);
  return candidates.find(exists);
}

/** Each cycle (strongly connected component of more than one module, or a module importing itself). */
export function cyclesOf(graph: ImportGraph): string[][] {
  // Tarjan's algorithm, iterative so a long import chain cannot overflow the stack.
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const components: string[][] = [];
  let next = 0;
  for (const start of [...graph.keys()].sort()) {
    if (index.has(start)) continue;
    const work: Array<{ node: string; edge: number }> = [{ node: start, edge: 0 }];
    index.set(start, next);
    low.set(start, next++);
    stack.push(start);
    onStack.add(start);
    while (work.length > 0) {
      const frame = work[work.length - 1];
      const edges = graph.get(frame.node) ?? [];
      if (frame.edge < edges.length) {
        const target = edges[frame.edge++];
        if (!index.has(target)) {
          index.set(target, next);
          low.set(target, next++);
          stack.push(target);
          onStack.add(target);
          work.push({ node: target, edge: 0 });
        } else if (onStack.has(target)) {
          low.set(frame.node, Math.min(low.get(frame.node)!, index.get(target)!));
        }
        continue;
      }
      work.pop();
      if (work.length > 0) {
        const parent = work[work.length - 1].node;
        low.set(parent, Math.min(low.get(parent)!, low.get(frame.node)!));
      }
      if (low.get(frame.node) === index.get(frame.node)) {
        const component: string[] = [];
        let member: string;
        do {
          member = stack.pop()!;
          onStack.delete(member);
          component.push(member);
        } while (member !== frame.node);
        const selfImport = (graph.get(frame.node) ?? []).includes(frame.node);
        if (component.length > 1 || selfImport) components.push(component.sort());
      }
    }
  }
  return components.sort((a, b) => a[0].localeCompare(b[0]));
}

/** One cycle as a readable chain `a → b → … → a` through the component's own imports. */
export function describeCycle(component: string[], graph: ImportGraph): string {
  const members = new Set(component);
  const start = component[0];
  // Breadth-first search for the shortest way back to the start inside the component.
  const previous = new Map<string, string>();
  const queue = [start];
  while (queue.length > 0) {
    const node = queue.shift()!;
    for (const target of graph.get(node) ?? []) {
      if (!members.has(target)) continue;
      if (target === start) {
        const chain = [start];
        for (
          let step: string | undefined = node;
          step !== undefined && step !== start;
          step = previous.get(step)
        ) {
          chain.splice(1, 0, step);
        }
        const more =
          component.length > chain.length
            ? ` (component of ${component.length}: ${component.join(', ')})`
            : '';
        return `${[...chain, start].join(' → ')}${more}`;
      }
      if (!previous.has(target)) {
        previous.set(target, node);
        queue.push(target);
      }
    }
  }
  return component.join(', ');
}

function trackedSources(): string[] {
  return execFileSync('git', ['ls-files', '-z', '--', ...SCANNED.map((dir) => `${dir}/*.ts`)], {
    cwd: root,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  })
    .split('\0')
    .filter((path) => path.endsWith('.ts') && !path.endsWith('.d.ts') && existsSync(join(root, path)));
}

/** The import graph of the tracked sources, and of any file they import that is not tracked yet. */
export function repositoryGraph(): ImportGraph {
  const graph: ImportGraph = new Map();
  const exists = (path: string): boolean => existsSync(join(root, path));
  const pending = trackedSources();
  while (pending.length > 0) {
    const file = pending.pop()!;
    if (graph.has(file)) continue;
    const targets = importsOf(file, readFileSync(join(root, file), 'utf8'))
      .map((specifier) => resolveImport(file, specifier, exists))
      .filter((target): target is string => target !== undefined);
    graph.set(file, [...new Set(targets)]);
    pending.push(...targets.filter((target) => !graph.has(target)));
  }
  return graph;
}

describe('import cycles', () => {
  describe('the checker', () => {
    const graphOf = (edges: Record<string, string[]>): ImportGraph => new Map(Object.entries(edges));

    it('finds every kind of import, type-only ones included', () => {
      const text = [
        "import { a } from './a';",
        "import type { B } from './b';",
        "export { c } from './c';",
        "export type { D } from '../d';",
        "export * from './e';",
        "import './f';",
        "import g = require('./g');",
        "const h = require('./h');",
        "const i = () => import('./i');",
        "let j: import('./j').J;",
        "import { Injectable } from '@nestjs/common';",
        "import { Money } from '@kios/dana-protocol';",
        'const notAnImport = "from \'./k\'";',
      ].join('\n');
      expect(importsOf('x.ts', text)).toEqual([
        './a',
        './b',
        './c',
        '../d',
        './e',
        './f',
        './g',
        './h',
        './i',
        './j',
        '@nestjs/common',
        '@kios/dana-protocol',
      ]);
    });

    it('resolves a relative path to its file or its folder index, and a lib to its index', () => {
      const files = new Set(['libs/a/src/x.ts', 'libs/a/src/y/index.ts', 'libs/b/src/index.ts']);
      const exists = (path: string): boolean => files.has(path);
      expect(resolveImport('libs/a/src/z.ts', './x', exists)).toBe('libs/a/src/x.ts');
      expect(resolveImport('libs/a/src/z.ts', './y', exists)).toBe('libs/a/src/y/index.ts');
      expect(resolveImport('libs/a/src/y/w.ts', '../x', exists)).toBe('libs/a/src/x.ts');
      expect(resolveImport('apps/k/src/m.ts', '@kios/b', exists)).toBe('libs/b/src/index.ts');
      expect(resolveImport('apps/k/src/m.ts', '@nestjs/common', exists)).toBeUndefined();
      expect(resolveImport('apps/k/src/m.ts', './data.json', exists)).toBeUndefined();
    });

    it('reports a two-module cycle, a longer one and a self-import, and nothing for a tree', () => {
      const graph = graphOf({
        a: ['b'],
        b: ['a', 'c'],
        c: ['d'],
        d: ['e'],
        e: ['c'],
        f: ['f'],
        g: ['a', 'h'],
        h: [],
      });
      const cycles = cyclesOf(graph);
      expect(cycles).toEqual([['a', 'b'], ['c', 'd', 'e'], ['f']]);
      expect(cycles.map((cycle) => describeCycle(cycle, graph))).toEqual([
        'a → b → a',
        'c → d → e → c',
        'f → f',
      ]);
      expect(cyclesOf(graphOf({ a: ['b', 'c'], b: ['c'], c: [] }))).toEqual([]);
    });
  });

  it('no module of apps/, libs/ or bench/ imports itself through others', () => {
    const graph = repositoryGraph();
    expect(graph.size).toBeGreaterThan(100);
    const cycles = cyclesOf(graph).map((cycle) => describeCycle(cycle, graph));
    expect(cycles).toEqual([]);
  });
});
