// The app's own icon (scripts/icon.ts, scripts/make-icon.ts): the .ico writer checked by reading its output
// back, the committed build/icon.png and build/icon.ico checked for the sizes Windows and the installer use,
// and electron-builder.yml and the window pointing at them.
import fs from 'node:fs';
import path from 'node:path';
import yaml from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { encodeIco, ICO_SIZES, iconSvg, pngSize, readIco } from '../../scripts/icon';

const root = path.resolve(__dirname, '..', '..');

/** A solid square with a transparent top-left pixel. */
function square(size: number): Uint8Array {
  const rgba = new Uint8Array(size * size * 4);
  for (let i = 0; i < size * size; i += 1) rgba.set([200, 30, 40, 255], i * 4);
  rgba[3] = 0;
  return rgba;
}

describe('.ico writer', () => {
  it('packs a 32-bit BMP per small size and the PNG for 256 px, with valid offsets', () => {
    const png256 = fs.readFileSync(path.join(root, 'build', 'icon.png'));
    const ico = encodeIco([
      { size: 256, png: png256, rgba: new Uint8Array() },
      { size: 16, png: new Uint8Array(), rgba: square(16) },
      { size: 32, png: new Uint8Array(), rgba: square(32) },
    ]);
    const entries = readIco(ico);
    expect(entries.map((e) => [e.size, e.format])).toEqual([
      [16, 'bmp'],
      [32, 'bmp'],
      [256, 'png'],
    ]);
    const bmp = entries[0]?.bytes ?? new Uint8Array();
    const view = new DataView(bmp.buffer, bmp.byteOffset, bmp.byteLength);
    expect([view.getUint32(0, true), view.getInt32(4, true), view.getInt32(8, true), view.getUint16(14, true)]).toEqual([40, 16, 32, 32]);
    // Bottom-up BGRA: the top-left pixel (transparent) is the first pixel of the last row.
    const topLeft = 40 + 15 * 16 * 4;
    expect(Array.from(bmp.subarray(topLeft, topLeft + 4))).toEqual([40, 30, 200, 0]);
    expect(Array.from(bmp.subarray(40, 44))).toEqual([40, 30, 200, 255]);
    // …and it is marked in the AND mask (row 15, first bit).
    expect(bmp[40 + 16 * 16 * 4 + 15 * 4]).toBe(0x80);
    expect(bmp.length).toBe(40 + 16 * 16 * 4 + 16 * 4);
    expect(() => encodeIco([{ size: 16, png: new Uint8Array(), rgba: square(8) }])).toThrow(/16×16/);
  });
});

describe('the committed icon', () => {
  it('is a 1024×1024 PNG and an .ico with every size from 16 to 256 px', () => {
    expect(pngSize(fs.readFileSync(path.join(root, 'build', 'icon.png')))).toEqual({ width: 1024, height: 1024 });
    const entries = readIco(fs.readFileSync(path.join(root, 'build', 'icon.ico')));
    expect(entries.map((e) => e.size)).toEqual([...ICO_SIZES]);
    const big = entries.find((e) => e.size === 256);
    expect(big?.format).toBe('png');
    expect(pngSize(big?.bytes ?? new Uint8Array())).toEqual({ width: 256, height: 256 });
    // The committed drawing is the one scripts/icon.ts draws (run scripts/make-icon.ts after changing it).
    expect(fs.readFileSync(path.join(root, 'build', 'icon.svg'), 'utf8').trim()).toBe(iconSvg().trim());
  });

  it('is what the installer, the exe, the Linux package and the window use', () => {
    const config = yaml.load(fs.readFileSync(path.join(root, 'electron-builder.yml'), 'utf8')) as {
      directories: { buildResources?: string };
      win: { icon?: string };
      nsis: { installerIcon?: string; uninstallerIcon?: string };
      linux: { icon?: string };
      extraResources: Array<{ from: string; to: string }>;
    };
    expect(config.directories.buildResources).toBe('build');
    expect(config.win.icon).toBe('build/icon.ico');
    expect(config.nsis).toMatchObject({ installerIcon: 'build/icon.ico', uninstallerIcon: 'build/icon.ico' });
    expect(config.linux.icon).toBe('build/icon.png');
    expect(config.extraResources).toContainEqual({ from: 'build/icon.png', to: 'icon.png' });
    const main = fs.readFileSync(path.join(root, 'electron', 'main.ts'), 'utf8');
    expect(main).toContain("path.join(process.resourcesPath, 'icon.png')");
    expect(main).toContain('icon: iconFile,');
  });
});
