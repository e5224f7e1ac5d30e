// JSON with comments (JSONC, as VS Code and tsconfig.json read it): what `waybill init` writes
// and a person annotates. Parsed with jsonc-parser, which reports where a syntax error is and
// where each value sits, so a problem names the file, the line and the key.
import { findNodeAtLocation, parse, parseTree, printParseErrorCode, type ParseError } from 'jsonc-parser';
import { InputError } from '../errors/index.ts';

const OPTIONS = { allowTrailingComma: true, disallowComments: false, allowEmptyContent: false };

/** Line and column (1-based) of a character offset. */
function lineColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  return { line: before.split('\n').length, column: offset - before.lastIndexOf('\n') };
}

/**
 * The value of a JSON or JSONC text; a syntax error is an InputError naming `file:line:column`
 * and what was wrong there.
 */
export function parseJsonc(file: string, text: string): unknown {
  const errors: ParseError[] = [];
  const value: unknown = parse(text, errors, OPTIONS);
  const first = errors[0];
  if (first) {
    const { line, column } = lineColumn(text, first.offset);
    const found = text.slice(first.offset, first.offset + Math.max(first.length, 1)).trim();
    throw new InputError(
      `is not valid JSON (${describeError(printParseErrorCode(first.error))}${found ? `, found ${JSON.stringify(found.slice(0, 20))}` : ', found the end of the file'})`,
      { where: `${file}:${line}:${column}`, fix: 'correct the JSON syntax at that place' },
    );
  }
  return value;
}

/** `ValueExpected` → `expected a value`. */
function describeError(code: string): string {
  const words = code.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
  const m = /^(.*) expected$/.exec(words);
  return m ? `expected ${/^[aeiou]/.test(m[1]!) ? 'an' : 'a'} ${m[1]}` : words;
}

/** The 1-based line of the value at `path` (or of the nearest object or list above it that exists). */
export function lineOf(text: string, path: PropertyKey[]): number | null {
  const root = parseTree(text, [], OPTIONS);
  if (!root) return null;
  for (let n = path.length; n >= 0; n--) {
    const node = findNodeAtLocation(
      root,
      path.slice(0, n).map((k) => (typeof k === 'number' ? k : String(k))),
    );
    if (node) return lineColumn(text, node.offset).line;
  }
  return null;
}
