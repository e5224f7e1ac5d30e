// Where a JSON text first breaks the grammar (RFC 8259), and what was expected there. V8's
// JSON.parse messages give a position for some errors and not for others ("Unexpected token ','
// … is not valid JSON"), so this scanner, run only after JSON.parse has failed, finds it itself.
import type { SbomProblem } from './types.ts';

interface SyntaxFault {
  offset: number;
  expected: string;
}

type State = 'value' | 'value-or-end' | 'key' | 'key-or-end' | 'colon' | 'comma-or-end' | 'done';

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const ESCAPES = new Set(['"', '\\', '/', 'b', 'f', 'n', 'r', 't']);

/** Offset just past the string starting at `i` (a `"`), or the fault inside it. */
function scanString(text: string, i: number): number | SyntaxFault {
  let j = i + 1;
  for (;;) {
    if (j >= text.length)
      return { offset: j, expected: 'a closing " for the string that starts at ' + `offset ${i}` };
    const ch = text[j];
    if (ch === '"') return j + 1;
    if (ch === '\\') {
      const e = text[j + 1];
      if (e === 'u') {
        if (!/^[0-9a-fA-F]{4}$/.test(text.slice(j + 2, j + 6)))
          return { offset: j, expected: 'four hex digits after \\u' };
        j += 6;
      } else if (e !== undefined && ESCAPES.has(e)) j += 2;
      else return { offset: j, expected: 'one of the escapes \\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX' };
    } else if (ch.charCodeAt(0) < 0x20) {
      return {
        offset: j,
        expected: 'no raw control character inside a string (write it as \\n, \\t or \\u00XX)',
      };
    } else j++;
  }
}

/** The first fault in `text`, or null when it is valid JSON. Iterative: no recursion limit. */
export function findJsonSyntaxFault(text: string): SyntaxFault | null {
  const stack: string[] = [];
  let state: State = 'value';
  let i = 0;
  const after = (): State => (stack.length === 0 ? 'done' : 'comma-or-end');
  for (;;) {
    while (i < text.length && (text[i] === ' ' || text[i] === '\t' || text[i] === '\n' || text[i] === '\r'))
      i++;
    const expected =
      state === 'done'
        ? 'the end of the document'
        : state === 'colon'
          ? '":"'
          : state === 'key'
            ? 'a property name in double quotes'
            : state === 'key-or-end'
              ? 'a property name in double quotes or "}"'
              : state === 'comma-or-end'
                ? `"," or "${stack[stack.length - 1] === '{' ? '}' : ']'}"`
                : state === 'value-or-end'
                  ? 'a value or "]"'
                  : 'a value (object, array, string, number, true, false or null)';
    if (state === 'done') return i < text.length ? { offset: i, expected } : null;
    if (i >= text.length) return { offset: i, expected };
    const c = text[i];
    if (state === 'value' || state === 'value-or-end') {
      if (c === ']' && state === 'value-or-end') {
        stack.pop();
        i++;
        state = after();
      } else if (c === '{' || c === '[') {
        stack.push(c);
        i++;
        state = c === '{' ? 'key-or-end' : 'value-or-end';
      } else if (c === '"') {
        const r = scanString(text, i);
        if (typeof r !== 'number') return r;
        i = r;
        state = after();
      } else if (text.startsWith('true', i) || text.startsWith('null', i)) {
        i += 4;
        state = after();
      } else if (text.startsWith('false', i)) {
        i += 5;
        state = after();
      } else {
        NUMBER.lastIndex = i;
        if (!NUMBER.test(text)) return { offset: i, expected };
        i = NUMBER.lastIndex;
        state = after();
      }
    } else if (state === 'key' || state === 'key-or-end') {
      if (c === '}' && state === 'key-or-end') {
        stack.pop();
        i++;
        state = after();
      } else if (c === '"') {
        const r = scanString(text, i);
        if (typeof r !== 'number') return r;
        i = r;
        state = 'colon';
      } else return { offset: i, expected };
    } else if (state === 'colon') {
      if (c !== ':') return { offset: i, expected };
      i++;
      state = 'value';
    } else {
      const close = stack[stack.length - 1] === '{' ? '}' : ']';
      if (c === ',') {
        i++;
        state = close === '}' ? 'key' : 'value';
      } else if (c === close) {
        stack.pop();
        i++;
        state = after();
      } else return { offset: i, expected };
    }
  }
}

function lineColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}

/**
 * A JSON.parse failure as one problem: line and column (1-based) of the first offending character,
 * what the grammar expected there and what the file has instead.
 */
export function jsonSyntaxProblem(text: string, error: unknown): SbomProblem {
  const fault = findJsonSyntaxFault(text);
  const hint = '; expected a JSON document (CycloneDX or SPDX JSON, not XML, tag-value or YAML)';
  if (!fault) {
    // JSON.parse and the scanner disagree (should not happen): report what JSON.parse said.
    return {
      pointer: '',
      message: `not valid JSON: ${error instanceof Error ? error.message : String(error)}${hint}`,
    };
  }
  const { line, column } = lineColumn(text, fault.offset);
  const atEnd = fault.offset >= text.length;
  const found = atEnd
    ? 'the end of the file'
    : JSON.stringify(text.slice(fault.offset, fault.offset + 12)).replace(
        /"$/,
        fault.offset + 12 < text.length ? '…"' : '"',
      );
  return {
    pointer: '',
    message: `not valid JSON at line ${line}, column ${column}: expected ${fault.expected}, found ${found}${hint}`,
  };
}
