/**
 * Strict UTF-8 decoding for files read as bytes. A byte-order mark is dropped, as editors do, so
 * columns match what the user sees.
 */
export type Decoded =
  | { ok: true; text: string }
  | {
      ok: false;
      /** Byte offset of the first byte that is not valid UTF-8. */
      offset: number;
      byte: number;
      /** The text before that byte, to place the diagnostic. */
      validPrefix: string;
    };

export function decodeUtf8(bytes: Uint8Array): Decoded {
  try {
    return { ok: true, text: new TextDecoder('utf-8', { fatal: true }).decode(bytes) };
  } catch (error) {
    const offset = firstInvalidUtf8(bytes);
    if (offset < 0) throw error; // not an encoding problem (out of memory, say)
    const at = offset;
    let validPrefix = '';
    try {
      validPrefix = new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(0, at));
    } catch {
      validPrefix = '';
    }
    return { ok: false, offset: at, byte: bytes[at] ?? 0, validPrefix };
  }
}

/**
 * The offset of the first byte that starts an ill-formed sequence (WHATWG / Unicode rules: no
 * overlong forms, no surrogates, nothing above U+10FFFF), or -1 when all of it is valid.
 */
export function firstInvalidUtf8(bytes: Uint8Array): number {
  const n = bytes.length;
  let i = 0;
  while (i < n) {
    const b = bytes[i];
    if (b < 0x80) {
      i++;
      continue;
    }
    let need: number;
    let lower = 0x80;
    let upper = 0xbf;
    if (b >= 0xc2 && b <= 0xdf) need = 1;
    else if (b >= 0xe0 && b <= 0xef) {
      need = 2;
      if (b === 0xe0) lower = 0xa0;
      if (b === 0xed) upper = 0x9f;
    } else if (b >= 0xf0 && b <= 0xf4) {
      need = 3;
      if (b === 0xf0) lower = 0x90;
      if (b === 0xf4) upper = 0x8f;
    } else return i;
    for (let k = 1; k <= need; k++) {
      if (i + k >= n) return i;
      const c = bytes[i + k];
      const lo = k === 1 ? lower : 0x80;
      const hi = k === 1 ? upper : 0xbf;
      if (c < lo || c > hi) return i;
    }
    i += need + 1;
  }
  return -1;
}
