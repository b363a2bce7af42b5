import * as assert from 'node:assert/strict';
import { positionFinder } from '../../src/core/lineTable';
import { parseTemplate } from '../../src/core/templateParser';

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
    it(`agrees with the parser's line counter at every offset: ${name}`, () => {
      const parsed = parseTemplate(text);
      const fromTable = positionFinder(text);
      for (let offset = 0; offset <= text.length; offset++) {
        assert.deepEqual(fromTable(offset), parsed.positionAt(offset), `offset ${offset}`);
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
