// The layering rules of the source tree (CONTRIBUTING.md, "Layout"), checked over the real import
// graph of src/: no import circle anywhere, nothing in src/ imports scripts/ or test/, the pure
// core does not import the config shell, and src/lib keeps its shared folders below the page
// areas and every file under 350 lines. Imports are read with TypeScript's own pre-processor, so
// type-only and dynamic imports count as well; `.astro` files contribute their frontmatter and
// their <script> blocks.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const SRC = join(ROOT, 'src');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(p);
    return /\.(ts|mts|mjs|js|astro)$/.test(e.name) ? [p] : [];
  });
}

/** The code of a file that can hold imports: all of a module, an `.astro` file's frontmatter and scripts. */
function codeOf(file: string): string {
  const text = readFileSync(file, 'utf8');
  if (!file.endsWith('.astro')) return text;
  const parts: string[] = [];
  const front = /^---\r?\n([\s\S]*?)\r?\n---/.exec(text);
  if (front) parts.push(front[1]!);
  for (const m of text.matchAll(/<script\b[^>]*>([\s\S]*?)<\/script>/g)) parts.push(m[1]!);
  return parts.join('\n');
}

/** The repository-relative file an import names, or null for a package import. */
function resolveImport(from: string, spec: string): string | null {
  if (!spec.startsWith('.') && !spec.startsWith('/')) return null;
  const base = resolve(dirname(from), spec);
  const candidates = [base, `${base}.ts`, base.replace(/\.js$/, '.ts'), join(base, 'index.ts')];
  const found = candidates.find((c) => existsSync(c) && statSync(c).isFile()) ?? base;
  return relative(ROOT, found).split(sep).join('/');
}

function importGraph(): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const file of sourceFiles(SRC)) {
    const info = ts.preProcessFile(codeOf(file), true, true);
    const targets = info.importedFiles
      .map((f) => resolveImport(file, f.fileName))
      .filter((t): t is string => t !== null);
    graph.set(relative(ROOT, file).split(sep).join('/'), [...new Set(targets)]);
  }
  return graph;
}

/** Strongly connected components of more than one file, or a file importing itself (Tarjan). */
function circles(graph: Map<string, string[]>): string[][] {
  let next = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  const visit = (v: string): void => {
    index.set(v, next);
    low.set(v, next);
    next++;
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!graph.has(w)) continue;
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) {
        low.set(v, Math.min(low.get(v)!, index.get(w)!));
      }
    }
    if (low.get(v) !== index.get(v)) return;
    const component: string[] = [];
    let w: string;
    do {
      w = stack.pop()!;
      onStack.delete(w);
      component.push(w);
    } while (w !== v);
    if (component.length > 1 || (graph.get(v) ?? []).includes(v)) found.push(component.sort());
  };
  for (const v of graph.keys()) if (!index.has(v)) visit(v);
  return found;
}

const graph = importGraph();
const edges = [...graph].flatMap(([from, targets]) => targets.map((to) => ({ from, to })));

describe('the import graph of src/', () => {
  it('is read: every source folder contributes imports', () => {
    for (const folder of ['src/cli', 'src/core', 'src/harvest', 'src/lib', 'src/pages', 'src/components']) {
      expect(
        edges.some((e) => e.from.startsWith(`${folder}/`)),
        folder,
      ).toBe(true);
    }
  });

  it('has no import circle', () => {
    expect(circles(graph)).toEqual([]);
  });

  it('imports nothing from scripts/ or test/', () => {
    const outside = edges.filter((e) => !e.to.startsWith('src/') && !e.to.startsWith('node_modules/'));
    expect(outside.map((e) => `${e.from} -> ${e.to}`)).toEqual([]);
  });

  it('keeps src/core free of the config shell (src/config)', () => {
    const offending = edges.filter((e) => e.from.startsWith('src/core/') && e.to.startsWith('src/config/'));
    expect(offending.map((e) => `${e.from} -> ${e.to}`)).toEqual([]);
  });

  it('keeps src/core pure of the site, the harvest and the CLI', () => {
    const upward = /^src\/(lib|harvest|cli|site|pages|components|layouts|init|verify|demo)\//;
    const offending = edges.filter((e) => e.from.startsWith('src/core/') && upward.test(e.to));
    expect(offending.map((e) => `${e.from} -> ${e.to}`)).toEqual([]);
  });

  it("keeps src/lib's shared folders (model, render, layout) below the page areas", () => {
    const shared = /^src\/lib\/(model|render|layout)\//;
    const offending = edges.filter(
      (e) => shared.test(e.from) && e.to.startsWith('src/lib/') && !shared.test(e.to),
    );
    expect(offending.map((e) => `${e.from} -> ${e.to}`)).toEqual([]);
  });
});

describe('src/lib', () => {
  const files = [...graph.keys()].filter((f) => f.startsWith('src/lib/'));

  it('holds every file in a folder of the area it serves', () => {
    expect(files.filter((f) => f.split('/').length !== 4)).toEqual([]);
  });

  it('has no file over 350 lines', () => {
    const long = files
      .map((f) => ({ f, lines: readFileSync(join(ROOT, f), 'utf8').split('\n').length }))
      .filter((x) => x.lines > 350)
      .map((x) => `${x.f}: ${x.lines} lines`);
    expect(long).toEqual([]);
  });
});

describe('the circle finder', () => {
  it('finds a circle of three and a file importing itself, and nothing in a chain', () => {
    const g = new Map([
      ['a', ['b']],
      ['b', ['c']],
      ['c', ['a']],
      ['d', ['d']],
      ['e', ['f']],
      ['f', []],
    ]);
    expect(circles(g)).toEqual([['a', 'b', 'c'], ['d']]);
  });
});
