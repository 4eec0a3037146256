// The app's icon, drawn for it: a cream ledger book with ruled lines on the office blue, a red seal (账) and a
// gold ear of wheat. iconSvg() is the drawing; encodeIco() packs rendered sizes into a Windows .ico (PNG for
// 256 px, 32-bit BMP below, which every Windows shell and NSIS read). scripts/make-icon.ts renders it in Chromium.

/** Sizes in build/icon.ico: Explorer, taskbar, title bar, shortcuts and the installer pick from these. */
export const ICO_SIZES = [16, 24, 32, 48, 64, 128, 256] as const;

/** Grains of a wheat ear along a stem from (x0,y0) upward at `angle` degrees, alternating sides. */
function wheatEar(x0: number, y0: number, angle: number, grains: number, step: number, size: number): string {
  const parts: string[] = [];
  const rad = (angle * Math.PI) / 180;
  const dx = Math.sin(rad);
  const dy = -Math.cos(rad);
  const length = step * (grains + 1.2);
  parts.push(`<path d="M${x0} ${y0} L${(x0 + dx * length).toFixed(1)} ${(y0 + dy * length).toFixed(1)}" stroke="#c99a2e" stroke-width="${(size * 0.28).toFixed(1)}" stroke-linecap="round"/>`);
  for (let i = 0; i < grains; i += 1) {
    const t = step * (i + 0.9);
    const cx = x0 + dx * t;
    const cy = y0 + dy * t;
    for (const side of [-1, 1]) {
      const tilt = angle + side * 28;
      const ox = cx + side * Math.cos(rad) * size * 0.55;
      const oy = cy + side * Math.sin(rad) * size * 0.55;
      parts.push(`<ellipse cx="${ox.toFixed(1)}" cy="${oy.toFixed(1)}" rx="${(size * 0.5).toFixed(1)}" ry="${size.toFixed(1)}" transform="rotate(${tilt.toFixed(1)} ${ox.toFixed(1)} ${oy.toFixed(1)})" fill="url(#grain)"/>`);
    }
  }
  const tipX = x0 + dx * (length + size * 0.2);
  const tipY = y0 + dy * (length + size * 0.2);
  parts.push(`<ellipse cx="${tipX.toFixed(1)}" cy="${tipY.toFixed(1)}" rx="${(size * 0.45).toFixed(1)}" ry="${(size * 0.95).toFixed(1)}" transform="rotate(${angle} ${tipX.toFixed(1)} ${tipY.toFixed(1)})" fill="url(#grain)"/>`);
  return parts.join('');
}

/** The icon as a 1024×1024 SVG. */
export function iconSvg(): string {
  const lines = [0, 1, 2, 3, 4].map((i) => `<rect x="372" y="${318 + i * 58}" width="${i % 2 ? 200 : 300}" height="16" rx="8" fill="#c9b58a"/>`).join('');
  return `<svg xmlns="http://www.w3.org/2000/svg" width="1024" height="1024" viewBox="0 0 1024 1024">
<defs>
  <linearGradient id="bg" x1="0" y1="0" x2="0" y2="1"><stop offset="0" stop-color="#2a5fa8"/><stop offset="1" stop-color="#17325e"/></linearGradient>
  <linearGradient id="page" x1="0" y1="0" x2="1" y2="0"><stop offset="0" stop-color="#f3e7c9"/><stop offset="1" stop-color="#fff9ea"/></linearGradient>
  <linearGradient id="grain" x1="0" y1="0" x2="1" y2="1"><stop offset="0" stop-color="#f6d06a"/><stop offset="1" stop-color="#d9a233"/></linearGradient>
</defs>
<rect x="48" y="48" width="928" height="928" rx="200" fill="url(#bg)"/>
<rect x="262" y="196" width="520" height="660" rx="40" fill="#0f2140" opacity="0.35" transform="translate(14 18)"/>
<rect x="262" y="196" width="520" height="660" rx="40" fill="url(#page)"/>
<rect x="262" y="196" width="84" height="660" rx="40" fill="#8f1a1f"/>
<rect x="306" y="196" width="40" height="660" fill="#8f1a1f"/>
<rect x="346" y="196" width="10" height="660" fill="#6e1216"/>
${lines}
<g transform="rotate(-8 590 690)">
  <rect x="478" y="578" width="224" height="224" rx="26" fill="#b3161d"/>
  <rect x="496" y="596" width="188" height="188" rx="14" fill="none" stroke="#fbe9e3" stroke-width="10"/>
  <text x="590" y="732" font-family="'Noto Serif CJK SC','Source Han Serif SC','SimSun','Noto Sans CJK SC',serif" font-size="150" font-weight="700" fill="#fbe9e3" text-anchor="middle">账</text>
</g>
<g>${wheatEar(200, 880, 14, 6, 70, 34)}</g>
</svg>`;
}

export interface IcoImage {
  size: number;
  /** PNG bytes (used for 256 px). */
  png: Uint8Array;
  /** Straight RGBA pixels, row by row from the top (used below 256 px). */
  rgba: Uint8Array;
}

/** A 32-bit BMP (DIB) icon image: BITMAPINFOHEADER, BGRA rows bottom-up, then the 1-bit AND mask. */
function dib(size: number, rgba: Uint8Array): Uint8Array {
  if (rgba.length !== size * size * 4) throw new Error(`expected ${size}×${size} RGBA pixels`);
  const maskRow = Math.ceil(size / 32) * 4;
  const out = new Uint8Array(40 + size * size * 4 + maskRow * size);
  const view = new DataView(out.buffer);
  view.setUint32(0, 40, true);
  view.setInt32(4, size, true);
  view.setInt32(8, size * 2, true); // colour + mask
  view.setUint16(12, 1, true);
  view.setUint16(14, 32, true);
  view.setUint32(20, size * size * 4 + maskRow * size, true);
  for (let y = 0; y < size; y += 1) {
    const row = size - 1 - y; // bottom-up
    for (let x = 0; x < size; x += 1) {
      const src = (y * size + x) * 4;
      const dst = 40 + (row * size + x) * 4;
      out[dst] = rgba[src + 2] ?? 0;
      out[dst + 1] = rgba[src + 1] ?? 0;
      out[dst + 2] = rgba[src] ?? 0;
      out[dst + 3] = rgba[src + 3] ?? 0;
      if ((rgba[src + 3] ?? 0) === 0) {
        const maskByte = 40 + size * size * 4 + row * maskRow + (x >> 3);
        out[maskByte] = (out[maskByte] ?? 0) | (0x80 >> (x & 7));
      }
    }
  }
  return out;
}

/** An .ico file with one image per size, smallest first. */
export function encodeIco(images: IcoImage[]): Uint8Array {
  const sorted = [...images].sort((a, b) => a.size - b.size);
  const bodies = sorted.map((img) => (img.size >= 256 ? img.png : dib(img.size, img.rgba)));
  const headerSize = 6 + 16 * sorted.length;
  const out = new Uint8Array(headerSize + bodies.reduce((n, b) => n + b.length, 0));
  const view = new DataView(out.buffer);
  view.setUint16(2, 1, true); // type: icon
  view.setUint16(4, sorted.length, true);
  let offset = headerSize;
  sorted.forEach((img, i) => {
    const body = bodies[i] ?? new Uint8Array();
    const entry = 6 + 16 * i;
    out[entry] = img.size >= 256 ? 0 : img.size; // 0 means 256
    out[entry + 1] = img.size >= 256 ? 0 : img.size;
    view.setUint16(entry + 4, 1, true); // planes
    view.setUint16(entry + 6, 32, true); // bits per pixel
    view.setUint32(entry + 8, body.length, true);
    view.setUint32(entry + 12, offset, true);
    out.set(body, offset);
    offset += body.length;
  });
  return out;
}

export interface IcoEntry {
  size: number;
  format: 'png' | 'bmp';
  bytes: Uint8Array;
}

/** Reads an .ico back (for the tests and for a check of build/icon.ico). */
export function readIco(file: Uint8Array): IcoEntry[] {
  const view = new DataView(file.buffer, file.byteOffset, file.byteLength);
  if (view.getUint16(0, true) !== 0 || view.getUint16(2, true) !== 1) throw new Error('not an .ico file');
  const count = view.getUint16(4, true);
  const entries: IcoEntry[] = [];
  for (let i = 0; i < count; i += 1) {
    const entry = 6 + 16 * i;
    const size = file[entry] === 0 ? 256 : (file[entry] ?? 0);
    const length = view.getUint32(entry + 8, true);
    const offset = view.getUint32(entry + 12, true);
    if (offset + length > file.length) throw new Error(`image ${i} runs past the end of the file`);
    const bytes = file.subarray(offset, offset + length);
    entries.push({ size, format: bytes[0] === 0x89 && bytes[1] === 0x50 ? 'png' : 'bmp', bytes });
  }
  return entries;
}

/** Width and height from a PNG's IHDR. */
export function pngSize(png: Uint8Array): { width: number; height: number } {
  const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
  if (view.getUint32(0) !== 0x89504e47 || view.getUint32(12) !== 0x49484452) throw new Error('not a PNG file');
  return { width: view.getUint32(16), height: view.getUint32(20) };
}
