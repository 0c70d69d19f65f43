// Draws images/icon.png (128×128): a shield with a check mark on PostgreSQL blue. No image
// libraries: shapes are tested per sample (4×4 supersampling) and written as a PNG with zlib.
//   node scripts/icon.mjs
import { writeFileSync, mkdirSync } from 'node:fs';
import { deflateSync } from 'node:zlib';

const SIZE = 128;
const SS = 4;
const blue = [51, 103, 145];
const white = [255, 255, 255];
const green = [46, 158, 91];

function inRoundedSquare(x, y) {
  const r = 22;
  const cx = Math.min(Math.max(x, r), SIZE - r);
  const cy = Math.min(Math.max(y, r), SIZE - r);
  return (x - cx) ** 2 + (y - cy) ** 2 <= r * r && x >= 0 && y >= 0 && x <= SIZE && y <= SIZE;
}
function inShield(x, y) {
  // Flat top with rounded shoulders, straight sides, then curving to a point at the bottom.
  const top = 22, bottom = 110, left = 30, right = 98, mid = 64;
  if (y < top || y > bottom) return false;
  if (y < 58) return x >= left && x <= right;
  const t = (y - 58) / (bottom - 58);
  const half = (mid - left) * Math.cos((t * Math.PI) / 2);
  return x >= mid - half && x <= mid + half;
}
function distanceToSegment(px, py, ax, ay, bx, by) {
  const dx = bx - ax, dy = by - ay;
  const t = Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy)));
  return Math.hypot(px - ax - t * dx, py - ay - t * dy);
}
function inCheck(x, y) {
  const w = 6.5;
  return distanceToSegment(x, y, 45, 63, 59, 78) <= w || distanceToSegment(x, y, 59, 78, 84, 47) <= w;
}

const rows = [];
for (let py = 0; py < SIZE; py++) {
  const row = Buffer.alloc(1 + SIZE * 4);
  for (let px = 0; px < SIZE; px++) {
    let r = 0, g = 0, b = 0, a = 0;
    for (let sy = 0; sy < SS; sy++) {
      for (let sx = 0; sx < SS; sx++) {
        const x = px + (sx + 0.5) / SS, y = py + (sy + 0.5) / SS;
        if (!inRoundedSquare(x, y)) continue;
        const color = inCheck(x, y) ? green : inShield(x, y) ? white : blue;
        r += color[0]; g += color[1]; b += color[2]; a += 255;
      }
    }
    const n = SS * SS, covered = a / 255;
    const offset = 1 + px * 4;
    row[offset] = covered ? Math.round(r / covered) : 0;
    row[offset + 1] = covered ? Math.round(g / covered) : 0;
    row[offset + 2] = covered ? Math.round(b / covered) : 0;
    row[offset + 3] = Math.round(a / n);
  }
  rows.push(row);
}

const crcTable = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(buffer) {
  let c = 0xffffffff;
  for (const byte of buffer) c = crcTable[(c ^ byte) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
function chunk(type, data) {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}
const header = Buffer.alloc(13);
header.writeUInt32BE(SIZE, 0);
header.writeUInt32BE(SIZE, 4);
header[8] = 8; // bit depth
header[9] = 6; // RGBA
const png = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  chunk('IHDR', header),
  chunk('IDAT', deflateSync(Buffer.concat(rows), { level: 9 })),
  chunk('IEND', Buffer.alloc(0)),
]);
mkdirSync('images', { recursive: true });
writeFileSync('images/icon.png', png);
console.log(`images/icon.png (${png.length} bytes)`);
