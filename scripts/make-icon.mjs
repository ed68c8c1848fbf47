// Draws images/icon.png (256×256): an envelope under a magnifying lens. Shapes are tested per
// sub-pixel (4×4 supersampling) and written as an RGBA PNG with zlib: no image tools needed.
//   node scripts/make-icon.mjs
import { writeFileSync } from 'node:fs';
import { Buffer } from 'node:buffer';
import { deflateSync } from 'node:zlib';

const SIZE = 256;
const SS = 4;

const inRoundedRect = (x, y, x0, y0, x1, y1, r) => {
  if (x < x0 || x > x1 || y < y0 || y > y1) return false;
  const cx = Math.min(Math.max(x, x0 + r), x1 - r);
  const cy = Math.min(Math.max(y, y0 + r), y1 - r);
  return (x - cx) ** 2 + (y - cy) ** 2 <= r * r;
};
const nearSegment = (x, y, ax, ay, bx, by, w) => {
  const t = Math.max(0, Math.min(1, ((x - ax) * (bx - ax) + (y - ay) * (by - ay)) / ((bx - ax) ** 2 + (by - ay) ** 2)));
  return (x - ax - t * (bx - ax)) ** 2 + (y - ay - t * (by - ay)) ** 2 <= (w / 2) ** 2;
};

/** Colour of one point, painted back to front; undefined is transparent. */
function paint(x, y) {
  let c;
  if (inRoundedRect(x, y, 8, 8, 248, 248, 44)) c = [24, 72, 140, 255];
  // Envelope: white body, darker flap lines.
  if (inRoundedRect(x, y, 40, 70, 196, 176, 10)) c = [246, 248, 252, 255];
  if (inRoundedRect(x, y, 40, 70, 196, 176, 10) && (nearSegment(x, y, 44, 76, 118, 128, 9) || nearSegment(x, y, 192, 76, 118, 128, 9))) c = [24, 72, 140, 255];
  // Lens: amber ring with a tinted glass, and a handle.
  const dx = x - 168;
  const dy = y - 164;
  const d = Math.sqrt(dx * dx + dy * dy);
  if (d <= 42) c = [255, 214, 120, 255];
  if (d <= 30) c = [210, 232, 255, 255];
  if (d <= 30 && (Math.abs(dy + 8) < 4 && dx > -20 && dx < 14)) c = [205, 49, 49, 255];
  if (d <= 30 && (Math.abs(dy - 6) < 4 && dx > -20 && dx < 2)) c = [9, 134, 88, 255];
  if (nearSegment(x, y, 198, 194, 232, 228, 20)) c = [255, 214, 120, 255];
  return c;
}

const rows = [];
for (let y = 0; y < SIZE; y++) {
  const row = Buffer.alloc(1 + SIZE * 4);
  for (let x = 0; x < SIZE; x++) {
    const sum = [0, 0, 0, 0];
    for (let sy = 0; sy < SS; sy++) {
      for (let sx = 0; sx < SS; sx++) {
        const c = paint(x + (sx + 0.5) / SS, y + (sy + 0.5) / SS);
        if (c) for (let k = 0; k < 4; k++) sum[k] += k < 3 ? c[k] * c[3] : c[3];
      }
    }
    const alpha = sum[3] / (SS * SS);
    for (let k = 0; k < 3; k++) row[1 + x * 4 + k] = sum[3] ? Math.round(sum[k] / sum[3]) : 0;
    row[1 + x * 4 + 3] = Math.round(alpha);
  }
  rows.push(row);
}

const crcTable = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
const crc32 = (buf) => {
  let c = 0xffffffff;
  for (const b of buf) c = crcTable[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
};
const chunk = (type, data) => {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'ascii');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
  return Buffer.concat([head, data, crc]);
};
const header = Buffer.alloc(13);
header.writeUInt32BE(SIZE, 0);
header.writeUInt32BE(SIZE, 4);
header[8] = 8;
header[9] = 6;
const png = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  chunk('IHDR', header),
  chunk('IDAT', deflateSync(Buffer.concat(rows), { level: 9 })),
  chunk('IEND', Buffer.alloc(0)),
]);
writeFileSync(new URL('../images/icon.png', import.meta.url), png);
console.log(`images/icon.png: ${png.length} bytes`);
