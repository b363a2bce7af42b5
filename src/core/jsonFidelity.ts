import { isScalar, parseDocument, visit } from 'yaml';

// More significant digits than a double keeps exactly.
const MAX_EXACT_DIGITS = 15;

/**
 * Says why reading `text` with JSON.parse and writing it back would change it, or null when
 * it would not. JSON.parse keeps only the last of a repeated key and rounds long numbers;
 * a merge that rewrote a policy that way would silently change other people's statements.
 * (JSON is YAML, so the YAML parser, which sees keys and number literals, can tell.)
 */
export function describeLossyJson(text: string): string | null {
  const document = parseDocument(text, { keepSourceTokens: true, prettyErrors: false });
  const duplicate = document.errors.find((error) => error.code === 'DUPLICATE_KEY');
  if (duplicate !== undefined) {
    const key = text.slice(duplicate.pos[0], duplicate.pos[1] + 40).split(/[",:]/)[1] ?? '';
    return `the key "${key}" is written twice in one object, and JSON keeps only the last`;
  }

  const rounded: string[] = [];
  visit(document, {
    Scalar(_key, node) {
      const token = isScalar(node) ? node.srcToken : undefined;
      const source = token !== undefined && 'source' in token ? token.source : undefined;
      if (typeof node.value === 'number' && source !== undefined && loosesDigits(source)) {
        rounded.push(source);
        return visit.BREAK;
      }
      return undefined;
    },
  });
  return rounded.length === 0
    ? null
    : `the number ${rounded[0]} has more digits than JSON numbers keep exactly`;
}

function loosesDigits(literal: string): boolean {
  const digits = literal.replace(/^-/, '').split(/[eE]/)[0].replace('.', '').replace(/^0+/, '');
  return digits.replace(/0+$/, '').length > MAX_EXACT_DIGITS;
}
