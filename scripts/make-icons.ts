/**
 * Draws the toolbar and notification icons (a handset on a green disc) into public/icon/*.png.
 * Generated rather than hand-drawn so every size is crisp; run with `npx tsx scripts/make-icons.ts`
 * after changing the drawing. Dependency-free: a tiny PNG encoder over node:zlib.
 */
import { deflateSync } from 'node:zlib';
import { writeFileSync } from 'node:fs';

function crc32(buf: Buffer): number {
  let c = ~0;
  for (const byte of buf) {
    c ^= byte;
    for (let k = 0; k < 8; k++) c = (c >>> 1) ^ (0xedb88320 & -(c & 1));
  }
  return ~c >>> 0;
}

function chunk(type: string, data: Buffer): Buffer {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
}

function png(
  size: number,
  pixel: (x: number, y: number) => [number, number, number, number],
): Buffer {
  const raw = Buffer.alloc(size * (size * 4 + 1));
  for (let y = 0; y < size; y++) {
    raw[y * (size * 4 + 1)] = 0;
    for (let x = 0; x < size; x++) {
      const [r, g, b, a] = pixel(x, y);
      raw.set([r, g, b, a], y * (size * 4 + 1) + 1 + x * 4);
    }
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr.set([8, 6, 0, 0, 0], 8);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** Coverage of the handset at unit coordinates (-1..1): an arc with two ear/mouth pieces. */
function handset(u: number, v: number): boolean {
  // Rotate by -45° so the handset lies diagonally, as on a phone key.
  const a = Math.PI / 4;
  const x = u * Math.cos(a) - v * Math.sin(a);
  const y = u * Math.sin(a) + v * Math.cos(a);
  const r = Math.hypot(x, y + 0.55);
  const arc = r > 0.62 && r < 0.86 && y > -0.2 && Math.abs(x) < 0.62;
  const ends = [-1, 1].some((s) => Math.hypot((x - s * 0.52) / 0.24, (y + 0.05) / 0.17) < 1);
  return arc || ends;
}

for (const size of [16, 32, 48, 96, 128]) {
  const ss = 4; // supersampling for smooth edges
  const image = png(size, (x, y) => {
    let disc = 0;
    let glyph = 0;
    for (let i = 0; i < ss; i++)
      for (let j = 0; j < ss; j++) {
        const u = ((x + (i + 0.5) / ss) / size) * 2 - 1;
        const v = ((y + (j + 0.5) / ss) / size) * 2 - 1;
        if (Math.hypot(u, v) <= 0.98) {
          disc++;
          if (handset(u * 1.25, v * 1.25)) glyph++;
        }
      }
    const n = ss * ss;
    const g = glyph / Math.max(1, disc);
    const mix = (c1: number, c2: number) => Math.round(c1 * (1 - g) + c2 * g);
    return [mix(0x1a, 0xff), mix(0x7f, 0xff), mix(0x37, 0xff), Math.round((disc / n) * 255)];
  });
  writeFileSync(`public/icon/${size}.png`, image);
}
console.log('icons written to public/icon/');
