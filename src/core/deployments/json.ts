// JSON exports as forges write them: one document (a list or an object), or JSON Lines (one
// document a line, as webhook payloads are often collected). Each document knows the line of any
// value in it by JSON pointer, so that a record can say where it came from. Pure.
import type { DeploymentProblem } from '../../schemas/deployment.ts';
import { findJsonSyntaxFault } from '../sbom/json-syntax.ts';

export interface JsonDocument {
  value: unknown;
  /** 1-based line of the document's first character. */
  line: number;
  /** True when the document is one line of a JSON Lines file. */
  jsonLines: boolean;
  /** Line of the value at `pointer` (RFC 6901) in the file; of the nearest enclosing value when it is not there. */
  lineOf(pointer: string): number;
}

const escapePointer = (s: string) => s.replace(/~/g, '~0').replace(/\//g, '~1');

/** 1-based line and column of `offset` in `text`. */
export function lineColumnAt(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let start = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    start = i + 1;
  }
  return { line, column: offset - start + 1 };
}

/**
 * The line of every value down to `maxDepth` levels (0 = the document), by JSON pointer. `text`
 * must be valid JSON (JSON.parse accepted it): this scanner does not check the grammar. Iterative,
 * one pass.
 */
export function jsonPointerLines(text: string, maxDepth: number, firstLine = 1): Map<string, number> {
  const out = new Map<string, number>();
  interface Frame {
    object: boolean;
    pointer: string;
    index: number;
  }
  const stack: Frame[] = [];
  let line = firstLine;
  let i = 0;
  const n = text.length;
  let pendingKey: string | null = null;
  const skipWs = () => {
    for (; i < n; i++) {
      const c = text.charCodeAt(i);
      if (c === 10) line++;
      else if (c !== 32 && c !== 9 && c !== 13) break;
    }
  };
  const endOfString = (from: number) => {
    let j = from + 1;
    while (j < n) {
      const c = text.charCodeAt(j);
      if (c === 92) j += 2;
      else if (c === 34) return j + 1;
      else j++;
    }
    return j;
  };
  while (i < n) {
    skipWs();
    if (i >= n) break;
    const top = stack[stack.length - 1];
    const c = text[i];
    if (c === ',' || c === ':' || c === '}' || c === ']') {
      if (c === ',' && top && !top.object) top.index++;
      if (c === '}' || c === ']') stack.pop();
      i++;
      continue;
    }
    if (top?.object && pendingKey === null && c === '"') {
      // A property name.
      const end = endOfString(i);
      pendingKey = stack.length <= maxDepth ? (JSON.parse(text.slice(i, end)) as string) : '';
      i = end;
      continue;
    }
    // A value.
    const pointer = !top
      ? ''
      : top.object
        ? `${top.pointer}/${escapePointer(pendingKey ?? '')}`
        : `${top.pointer}/${top.index}`;
    pendingKey = null;
    if (stack.length <= maxDepth) out.set(pointer, line);
    if (c === '{' || c === '[') {
      stack.push({ object: c === '{', pointer: stack.length < maxDepth ? pointer : '', index: 0 });
      i++;
    } else if (c === '"') i = endOfString(i);
    else {
      while (i < n && !/[\s,\]}]/.test(text[i])) i++;
    }
  }
  return out;
}

function makeDocument(value: unknown, text: string, line: number, jsonLines: boolean): JsonDocument {
  let lines: Map<string, number> | null = null;
  return {
    value,
    line,
    jsonLines,
    lineOf(pointer: string) {
      if (pointer === '') return line;
      const depth = pointer.split('/').length - 1;
      lines ??= jsonPointerLines(text, Math.max(3, depth), jsonLines ? line : 1);
      if (!lines.has(pointer) && depth > 3) lines = jsonPointerLines(text, depth, jsonLines ? line : 1);
      // A value that is not there (a missing property): the line of the nearest value around it.
      for (let p = pointer; ; p = p.slice(0, p.lastIndexOf('/'))) {
        const at = lines.get(p);
        if (at !== undefined) return at;
        if (p === '') return line;
      }
    },
  };
}

const found = (text: string, offset: number) =>
  offset >= text.length
    ? 'the end of the line'
    : JSON.stringify(text.slice(offset, offset + 12)).replace(/"$/, offset + 12 < text.length ? '…"' : '"');

/** `not valid JSON at column 9: expected …, found …` for a line JSON.parse refused. */
export function jsonLineFault(line: string): string {
  const fault = findJsonSyntaxFault(line);
  if (!fault) return 'not valid JSON';
  return `not valid JSON at column ${fault.offset + 1}: expected ${fault.expected}, found ${found(line, fault.offset)}`;
}

/**
 * The documents of a file: the whole text when it is one JSON document, else each non-blank line
 * when the file is JSON Lines (its first non-blank line is a document by itself). A line that is
 * not JSON is a problem with its line and column; the other lines still count.
 */
export function readJsonDocuments(
  text: string,
  file: string,
  what: string,
): { documents: JsonDocument[]; problems: DeploymentProblem[] } {
  const body = text.replace(/^\uFEFF/, '');
  if (body.trim() === '')
    return {
      documents: [],
      problems: [{ file, line: null, pointer: '', message: `the file is empty: expected ${what}` }],
    };
  try {
    const value: unknown = JSON.parse(body);
    const first = lineColumnAt(body, body.search(/\S/)).line;
    return { documents: [makeDocument(value, body, first, false)], problems: [] };
  } catch {
    // Not one document: JSON Lines, or broken.
  }
  const lines = body.split('\n');
  const firstIndex = lines.findIndex((l) => l.trim() !== '');
  let firstParses = false;
  try {
    JSON.parse(lines[firstIndex]);
    firstParses = true;
  } catch {
    firstParses = false;
  }
  if (!firstParses) {
    const fault = findJsonSyntaxFault(body);
    const at = fault ? lineColumnAt(body, fault.offset) : { line: 1, column: 1 };
    return {
      documents: [],
      problems: [
        {
          file,
          line: at.line,
          pointer: '',
          message: `not valid JSON at line ${at.line}, column ${at.column}: expected ${fault?.expected ?? 'a JSON value'}, found ${fault ? found(body, fault.offset) : 'something else'}; expected ${what}`,
        },
      ],
    };
  }
  const documents: JsonDocument[] = [];
  const problems: DeploymentProblem[] = [];
  lines.forEach((raw, k) => {
    const lineText = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (lineText.trim() === '') return;
    try {
      documents.push(makeDocument(JSON.parse(lineText), lineText, k + 1, true));
    } catch {
      problems.push({
        file,
        line: k + 1,
        pointer: '',
        message: `${jsonLineFault(lineText)}; each line of a JSON Lines file holds one ${what}`,
      });
    }
  });
  return { documents, problems };
}
