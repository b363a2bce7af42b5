import { SourcePosition } from './sourceRange';

/**
 * 1-based positions of offsets in a text, counting lines at `\n` as the YAML parser's line
 * counter does (a `\r` before it ends the line's text). The table of line starts is built on
 * the first question, so a text whose positions nobody asks for costs nothing.
 */
export function positionFinder(text: string): (offset: number) => SourcePosition {
  let lineStarts: number[] | null = null;
  return (offset) => {
    lineStarts ??= lineStartsOf(text);
    let low = 0;
    let high = lineStarts.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if (lineStarts[middle] <= offset) {
        low = middle;
      } else {
        high = middle - 1;
      }
    }
    return { line: low + 1, column: offset - lineStarts[low] + 1 };
  };
}

function lineStartsOf(text: string): number[] {
  const starts = [0];
  for (let at = text.indexOf('\n'); at !== -1; at = text.indexOf('\n', at + 1)) {
    starts.push(at + 1);
  }
  return starts;
}
