// `npx tsx scripts/make-icon.ts`: renders scripts/icon.ts's drawing in Chromium (the same one the bulletins and
// the end-to-end tests use; no internet) into build/icon.svg, build/icon.png (1024×1024) and build/icon.ico
// (16–256 px). electron-builder takes build/icon.ico for Windows and build/icon.png for Linux; main.ts shows
// icon.png as the window icon. Run it again after changing the drawing, and commit the three files.
import fs from 'node:fs';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { chromiumLaunchOptions } from '../electron/ledger/bulletins/pdf';
import { encodeIco, ICO_SIZES, iconSvg, type IcoImage } from './icon';

const root = path.resolve(__dirname, '..');
const out = path.join(root, 'build');

interface Rendered {
  size: number;
  png: string;
  rgba: number[];
}

async function main(): Promise<void> {
  const svg = iconSvg();
  const browser = await chromium.launch(chromiumLaunchOptions());
  try {
    const page = await browser.newPage();
    const sizes = [1024, ...ICO_SIZES];
    // Each size drawn from the vector at that size (not scaled down from the big bitmap), so small icons stay crisp.
    const rendered = await page.evaluate(
      async ({ svgText, sizes: wanted }) => {
        const img = new Image();
        img.src = `data:image/svg+xml;base64,${btoa(unescape(encodeURIComponent(svgText)))}`;
        await img.decode();
        return wanted.map((size) => {
          const canvas = document.createElement('canvas');
          canvas.width = size;
          canvas.height = size;
          const ctx = canvas.getContext('2d');
          if (!ctx) throw new Error('no 2d canvas');
          ctx.imageSmoothingQuality = 'high';
          ctx.drawImage(img, 0, 0, size, size);
          return { size, png: canvas.toDataURL('image/png'), rgba: Array.from(ctx.getImageData(0, 0, size, size).data) };
        });
      },
      { svgText: svg, sizes },
    );
    const bytes = (r: Rendered) => new Uint8Array(Buffer.from(r.png.replace(/^data:image\/png;base64,/, ''), 'base64'));
    const big = rendered.find((r) => r.size === 1024);
    if (!big) throw new Error('1024 px rendering missing');
    const images: IcoImage[] = rendered.filter((r) => r.size !== 1024).map((r) => ({ size: r.size, png: bytes(r), rgba: new Uint8Array(r.rgba) }));
    fs.mkdirSync(out, { recursive: true });
    fs.writeFileSync(path.join(out, 'icon.svg'), `${svg}\n`);
    fs.writeFileSync(path.join(out, 'icon.png'), bytes(big));
    fs.writeFileSync(path.join(out, 'icon.ico'), encodeIco(images));
    // The small sizes as PNGs, to look at (not shipped).
    const preview = path.join(root, 'test-results', 'icon-preview');
    fs.mkdirSync(preview, { recursive: true });
    for (const img of images) fs.writeFileSync(path.join(preview, `icon-${img.size}.png`), img.png);
    process.stdout.write(`build/icon.svg, build/icon.png (1024×1024), build/icon.ico (${ICO_SIZES.join(', ')} px) written\n`);
  } finally {
    await browser.close();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
