/**
 * Offsets in Safeshift are UTF-16 code-unit offsets into the original document text, the unit
 * JavaScript strings and LSP positions use. This index converts them to line/character pairs.
 */
export interface Position {
  /** 0-based line. */
  line: number;
  /** 0-based UTF-16 code unit within the line. */
  character: number;
}

export interface OffsetRange {
  start: number;
  end: number;
}

/** True when the ranges overlap or meet (a cursor at either end of a range touches it). */
export function rangesTouch(a: OffsetRange, b: OffsetRange): boolean {
  return a.start <= b.end && b.start <= a.end;
}

export class LineIndex {
  private readonly lineStarts: number[];

  constructor(private readonly text: string) {
    const starts = [0];
    for (let i = 0; i < text.length; i++) {
      const ch = text.charCodeAt(i);
      if (ch === 10 /* \n */) starts.push(i + 1);
      else if (ch === 13 /* \r */) {
        if (text.charCodeAt(i + 1) === 10) i++;
        starts.push(i + 1);
      }
    }
    this.lineStarts = starts;
  }

  get lineCount(): number {
    return this.lineStarts.length;
  }

  positionAt(offset: number): Position {
    const clamped = Math.max(0, Math.min(offset, this.text.length));
    let low = 0;
    let high = this.lineStarts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (this.lineStarts[mid] <= clamped) low = mid;
      else high = mid - 1;
    }
    return { line: low, character: clamped - this.lineStarts[low] };
  }

  offsetAt(position: Position): number {
    if (position.line >= this.lineStarts.length) return this.text.length;
    const start = this.lineStarts[Math.max(0, position.line)];
    const next = position.line + 1 < this.lineStarts.length ? this.lineStarts[position.line + 1] : this.text.length;
    return Math.min(start + Math.max(0, position.character), next);
  }

  lineStart(line: number): number {
    return this.lineStarts[Math.max(0, Math.min(line, this.lineStarts.length - 1))];
  }

  /** The text of a line without its line break. */
  lineText(line: number): string {
    const start = this.lineStart(line);
    const end = line + 1 < this.lineStarts.length ? this.lineStarts[line + 1] : this.text.length;
    return this.text.slice(start, end).replace(/\r?\n$|\r$/, '');
  }
}

/**
 * Maps offsets reported by libpg_query into UTF-16 offsets of the same string. Node locations
 * are UTF-8 byte offsets; error cursors are code-point offsets. For ASCII text all three agree,
 * which is the common case, so the maps are only built when needed.
 */
export class EncodingMap {
  private readonly ascii: boolean;
  private byteToUnit?: Int32Array;
  private pointToUnit?: Int32Array;

  constructor(private readonly text: string) {
    // eslint-disable-next-line no-control-regex
    this.ascii = /^[\x00-\x7f]*$/.test(text);
  }

  fromUtf8(byteOffset: number): number {
    if (this.ascii) return Math.min(byteOffset, this.text.length);
    this.byteToUnit ??= buildByteMap(this.text);
    return this.byteToUnit[Math.max(0, Math.min(byteOffset, this.byteToUnit.length - 1))];
  }

  fromCodePoint(pointOffset: number): number {
    if (this.ascii) return Math.min(pointOffset, this.text.length);
    this.pointToUnit ??= buildPointMap(this.text);
    return this.pointToUnit[Math.max(0, Math.min(pointOffset, this.pointToUnit.length - 1))];
  }
}

function buildByteMap(text: string): Int32Array {
  const map = new Int32Array(Buffer.byteLength(text, 'utf8') + 1);
  let byte = 0;
  for (let unit = 0; unit < text.length; unit++) {
    const code = text.codePointAt(unit)!;
    const width = code < 0x80 ? 1 : code < 0x800 ? 2 : code < 0x10000 ? 3 : 4;
    for (let k = 0; k < width; k++) map[byte + k] = unit;
    byte += width;
    if (code >= 0x10000) unit++;
  }
  map[byte] = text.length;
  return map;
}

function buildPointMap(text: string): Int32Array {
  const units: number[] = [];
  for (let unit = 0; unit < text.length; unit++) {
    units.push(unit);
    if (text.codePointAt(unit)! >= 0x10000) unit++;
  }
  units.push(text.length);
  return Int32Array.from(units);
}
