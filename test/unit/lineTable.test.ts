import * as assert from 'node:assert/strict';
import { positionFinder } from '../../src/core/lineTable';

/** Counted the slow way: lines end at `\n`, as the YAML parser counts them. */
function naivePosition(text: string, offset: number) {
  const before = text.slice(0, offset);
  const lineStart = before.lastIndexOf('\n') + 1;
  return { line: before.split('\n').length, column: offset - lineStart + 1 };
}

describe('positionFinder', () => {
  const texts: Record<string, string> = {
    'LF lines': 'services:\n- name: api\n  image: a/b:1\n',
    'CRLF lines': 'services:\r\n- name: api\r\n  image: a/b:1\r\n',
    'a byte order mark': '\uFEFFservices:\n- name: api\n',
    'no final line break': 'a: 1\nb: 2',
    'empty lines and a lone CR': '\n\nkey: "x\ry"\n\n',
    'an empty text': '',
  };

  for (const [name, text] of Object.entries(texts)) {
    it(`counts lines at every offset: ${name}`, () => {
      const at = positionFinder(text);
      for (let offset = 0; offset <= text.length; offset++) {
        assert.deepEqual(at(offset), naivePosition(text, offset), `offset ${offset}`);
      }
    });
  }

  it('counts 1-based lines and columns', () => {
    const at = positionFinder('ab\ncd\n');
    assert.deepEqual(at(0), { line: 1, column: 1 });
    assert.deepEqual(at(4), { line: 2, column: 2 });
    assert.deepEqual(at(6), { line: 3, column: 1 });
  });
});
