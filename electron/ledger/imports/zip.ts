// A zip reader that looks before it inflates: the central directory is read first and refused when it
// describes too many entries, too many bytes or a compression ratio no spreadsheet has (zip bombs); each
// entry is then inflated with its output capped at the size the directory declared, so a lying directory
// cannot make it allocate more. Only stored (0) and deflated (8) entries exist in spreadsheets.
import zlib from 'node:zlib';
import { fileError, LIMITS, MESSAGES, type ReadLimits } from './workbook';

const SLICE_BYTES = 4 * 1024 * 1024;

export interface ZipEntry {
  name: string;
  method: number;
  flags: number;
  crc32: number;
  compressedSize: number;
  size: number;
  localHeaderOffset: number;
}

export class ZipArchive {
  private readonly entries = new Map<string, ZipEntry>();
  private readonly lowerNames = new Map<string, string>();

  constructor(
    private readonly bytes: Buffer,
    list: ZipEntry[],
    private readonly limits: ReadLimits,
  ) {
    for (const e of list) {
      this.entries.set(e.name, e);
      this.lowerNames.set(e.name.toLowerCase(), e.name);
    }
  }

  names(): string[] {
    return [...this.entries.keys()];
  }

  /** Entry by name, case-insensitively (some writers use "[Content_Types].xml" in other cases). */
  entry(name: string): ZipEntry | undefined {
    const clean = name.replace(/^\/+/, '');
    return this.entries.get(clean) ?? this.entries.get(this.lowerNames.get(clean.toLowerCase()) ?? '');
  }

  has(name: string): boolean {
    return this.entry(name) !== undefined;
  }

  /**
   * Inflate one entry slice by slice, handing each to onSlice: the same cap, length and checksum checks as
   * read(), without ever holding the whole entry (a 100 000-row sheet is ~50 MB of XML). False if absent.
   */
  async readSlices(name: string, onSlice: (slice: Buffer) => void): Promise<boolean> {
    const e = this.entry(name);
    if (!e) return false;
    const data = this.compressed(e);
    const crcOf = (zlib as unknown as { crc32?: (data: Uint8Array, value?: number) => number }).crc32;
    let crc = 0;
    let total = 0;
    const take = (slice: Buffer) => {
      total += slice.length;
      if (crcOf) crc = crcOf(slice, crc);
      onSlice(slice);
    };
    if (e.method === 0) {
      for (let off = 0; off < data.length; off += SLICE_BYTES) take(data.subarray(off, Math.min(data.length, off + SLICE_BYTES)));
    } else if (e.size > 0) {
      await new Promise<void>((resolve, reject) => {
        const inflater = zlib.createInflateRaw({ chunkSize: SLICE_BYTES });
        let failed = false;
        const fail = (error: unknown) => {
          if (failed) return;
          failed = true;
          inflater.destroy();
          reject(error);
        };
        inflater.on('data', (chunk: Buffer) => {
          if (failed) return;
          if (total + chunk.length > e.size) {
            fail(fileError('TOO_LARGE', MESSAGES.tooLarge(`“${e.name}”解压后比文件目录记载的更大，疑似压缩炸弹`)));
            return;
          }
          try {
            take(chunk);
          } catch (error) {
            fail(error);
          }
        });
        inflater.on('end', () => {
          if (!failed) resolve();
        });
        inflater.on('error', () => fail(fileError('CORRUPT', MESSAGES.corrupt(`“${e.name}”解压失败`))));
        inflater.end(data);
      });
    }
    if (total !== e.size) throw fileError('CORRUPT', MESSAGES.corrupt(`“${e.name}”的长度与目录记载不符，文件可能不完整`));
    if (crcOf && (crc >>> 0) !== (e.crc32 >>> 0)) throw fileError('CORRUPT', MESSAGES.corrupt(`“${e.name}”校验失败`));
    return true;
  }

  /** An entry's compressed bytes, after checking its local header. */
  private compressed(e: ZipEntry): Buffer {
    const b = this.bytes;
    const at = e.localHeaderOffset;
    if (at + 30 > b.length || b.readUInt32LE(at) !== 0x04034b50) {
      throw fileError('CORRUPT', MESSAGES.corrupt(`压缩包中“${e.name}”的位置不对，文件可能不完整`));
    }
    const start = at + 30 + b.readUInt16LE(at + 26) + b.readUInt16LE(at + 28);
    const end = start + e.compressedSize;
    if (end > b.length) throw fileError('CORRUPT', MESSAGES.corrupt('文件被截断，内容不完整'));
    return b.subarray(start, end);
  }

  /** Inflate one entry, capped at its declared size; CORRUPT when the data does not match the directory. */
  read(name: string): Buffer | null {
    const e = this.entry(name);
    if (!e) return null;
    const data = this.compressed(e);
    let out: Buffer;
    if (e.method === 0) {
      out = Buffer.from(data);
    } else {
      if (e.size === 0) return Buffer.alloc(0);
      try {
        out = zlib.inflateRawSync(data, { maxOutputLength: e.size });
      } catch (error) {
        const code = (error as { code?: string }).code;
        if (code === 'ERR_BUFFER_TOO_LARGE' || error instanceof RangeError) {
          throw fileError('TOO_LARGE', MESSAGES.tooLarge(`“${e.name}”解压后比文件目录记载的更大，疑似压缩炸弹`));
        }
        throw fileError('CORRUPT', MESSAGES.corrupt(`“${e.name}”解压失败`));
      }
    }
    if (out.length !== e.size) throw fileError('CORRUPT', MESSAGES.corrupt(`“${e.name}”的长度与目录记载不符，文件可能不完整`));
    const crc = (zlib as unknown as { crc32?: (data: Uint8Array) => number }).crc32;
    if (crc && (crc(out) >>> 0) !== (e.crc32 >>> 0)) throw fileError('CORRUPT', MESSAGES.corrupt(`“${e.name}”校验失败`));
    void this.limits;
    return out;
  }

  readText(name: string): string | null {
    const buf = this.read(name);
    if (buf === null) return null;
    return stripBom(buf.toString('utf8'));
  }
}

function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

function findEocd(b: Buffer): number {
  const min = Math.max(0, b.length - 22 - 0xffff);
  for (let i = b.length - 22; i >= min; i -= 1) {
    if (b[i] === 0x50 && b[i + 1] === 0x4b && b[i + 2] === 0x05 && b[i + 3] === 0x06) return i;
  }
  return -1;
}

/** Parse and check the central directory; nothing is inflated here. */
export function openZip(bytes: Buffer, limits: ReadLimits = LIMITS): ZipArchive {
  const eocd = findEocd(bytes);
  if (eocd < 0) throw fileError('CORRUPT', MESSAGES.corrupt('找不到压缩包目录，文件可能不完整或已被截断'));
  let count = bytes.readUInt16LE(eocd + 10);
  let cdSize = bytes.readUInt32LE(eocd + 12);
  let cdOffset = bytes.readUInt32LE(eocd + 16);
  if (count === 0xffff || cdOffset === 0xffffffff || cdSize === 0xffffffff) {
    // Zip64: the locator sits right before the end record.
    const loc = eocd - 20;
    if (loc < 0 || bytes.readUInt32LE(loc) !== 0x07064b50) throw fileError('CORRUPT', MESSAGES.corrupt('压缩包目录不完整'));
    const rec = Number(bytes.readBigUInt64LE(loc + 8));
    if (rec + 56 > bytes.length || bytes.readUInt32LE(rec) !== 0x06064b50) throw fileError('CORRUPT', MESSAGES.corrupt('压缩包目录不完整'));
    count = Number(bytes.readBigUInt64LE(rec + 32));
    cdSize = Number(bytes.readBigUInt64LE(rec + 40));
    cdOffset = Number(bytes.readBigUInt64LE(rec + 48));
  }
  if (count > limits.maxZipEntries) {
    throw fileError('TOO_LARGE', MESSAGES.tooLarge(`压缩包内有 ${count} 个文件，超过 ${limits.maxZipEntries} 个`));
  }
  if (cdOffset + cdSize > bytes.length) throw fileError('CORRUPT', MESSAGES.corrupt('文件被截断，内容不完整'));
  const list: ZipEntry[] = [];
  let p = cdOffset;
  let total = 0;
  for (let i = 0; i < count; i += 1) {
    if (p + 46 > bytes.length || bytes.readUInt32LE(p) !== 0x02014b50) throw fileError('CORRUPT', MESSAGES.corrupt('压缩包目录已损坏'));
    const flags = bytes.readUInt16LE(p + 8);
    const method = bytes.readUInt16LE(p + 10);
    const crc32 = bytes.readUInt32LE(p + 16);
    let compressedSize = bytes.readUInt32LE(p + 20);
    let size = bytes.readUInt32LE(p + 24);
    const nameLen = bytes.readUInt16LE(p + 28);
    const extraLen = bytes.readUInt16LE(p + 30);
    const commentLen = bytes.readUInt16LE(p + 32);
    let localHeaderOffset = bytes.readUInt32LE(p + 42);
    const name = bytes.toString(flags & 0x800 ? 'utf8' : 'latin1', p + 46, p + 46 + nameLen);
    // Zip64 extra field: the 0xFFFFFFFF fields follow in order.
    let x = p + 46 + nameLen;
    const xEnd = x + extraLen;
    while (x + 4 <= xEnd) {
      const id = bytes.readUInt16LE(x);
      const len = bytes.readUInt16LE(x + 2);
      if (id === 0x0001) {
        let q = x + 4;
        if (size === 0xffffffff && q + 8 <= x + 4 + len) {
          size = Number(bytes.readBigUInt64LE(q));
          q += 8;
        }
        if (compressedSize === 0xffffffff && q + 8 <= x + 4 + len) {
          compressedSize = Number(bytes.readBigUInt64LE(q));
          q += 8;
        }
        if (localHeaderOffset === 0xffffffff && q + 8 <= x + 4 + len) localHeaderOffset = Number(bytes.readBigUInt64LE(q));
      }
      x += 4 + len;
    }
    p += 46 + nameLen + extraLen + commentLen;
    if (flags & 0x1 || method === 99) throw fileError('ENCRYPTED', MESSAGES.encrypted);
    if (method !== 0 && method !== 8) throw fileError('CORRUPT', MESSAGES.corrupt(`“${name}”使用了不支持的压缩方式 ${method}`));
    if (size > limits.maxEntryBytes) {
      throw fileError('TOO_LARGE', MESSAGES.tooLarge(`“${name}”解压后有 ${Math.round(size / 1048576)} MB，超过 ${Math.round(limits.maxEntryBytes / 1048576)} MB`));
    }
    if (size > limits.ratioFloorBytes && size / Math.max(1, compressedSize) > limits.maxRatio) {
      throw fileError('TOO_LARGE', MESSAGES.tooLarge(`“${name}”压缩比异常（${Math.round(size / Math.max(1, compressedSize))} 倍），疑似压缩炸弹`));
    }
    total += size;
    if (total > limits.maxTotalBytes) {
      throw fileError('TOO_LARGE', MESSAGES.tooLarge(`解压后总大小超过 ${Math.round(limits.maxTotalBytes / 1048576)} MB`));
    }
    if (!name.endsWith('/')) list.push({ name, method, flags, crc32, compressedSize, size, localHeaderOffset });
  }
  return new ZipArchive(bytes, list, limits);
}
