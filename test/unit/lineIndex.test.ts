import { test } from 'node:test';
import assert from 'node:assert/strict';
import { EncodingMap, LineIndex } from '../../server/src/analysis/text/lineIndex';

test('positions with \\n, \\r\\n and \\r line breaks', () => {
  const index = new LineIndex('a\nbc\r\nd\re');
  assert.deepEqual(index.positionAt(0), { line: 0, character: 0 });
  assert.deepEqual(index.positionAt(3), { line: 1, character: 1 });
  assert.deepEqual(index.positionAt(6), { line: 2, character: 0 });
  assert.deepEqual(index.positionAt(8), { line: 3, character: 0 });
  assert.equal(index.offsetAt({ line: 1, character: 1 }), 3);
  assert.equal(index.lineText(1), 'bc');
  assert.equal(index.lineCount, 4);
});

test('offsets past the end are clamped', () => {
  const index = new LineIndex('ab');
  assert.deepEqual(index.positionAt(99), { line: 0, character: 2 });
  assert.equal(index.offsetAt({ line: 9, character: 0 }), 2);
});

test('UTF-8 byte and code-point offsets map to UTF-16 offsets', () => {
  const text = "a'é😀'b";
  const map = new EncodingMap(text);
  // bytes: a(0) '(1) é(2,3) 😀(4..7) '(8) b(9)
  assert.equal(map.fromUtf8(2), 2);
  assert.equal(map.fromUtf8(4), 3);
  assert.equal(map.fromUtf8(8), 5);
  assert.equal(map.fromUtf8(9), 6);
  // code points: a ' é 😀 ' b
  assert.equal(map.fromCodePoint(3), 3);
  assert.equal(map.fromCodePoint(4), 5);
  assert.equal(map.fromCodePoint(5), 6);
});
