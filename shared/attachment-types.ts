// 佐证材料 (evidence files): the types the ledger knows how to check, the default allow-list, file names
// made safe to store and show, and the check that a file's bytes are what its extension says (an .exe
// renamed .jpg is refused). Pure code for both sides: the renderer may pre-check a dropped file, the main
// process decides. No Node, no DOM: bytes are a Uint8Array (a Node Buffer is one).

/** Every type the ledger can verify by its leading bytes, with the MIME type it is stored and served as. */
export const ATTACHMENT_TYPES = {
  jpg: { mime: 'image/jpeg', label: 'JPEG 图片', canonical: 'jpg' },
  jpeg: { mime: 'image/jpeg', label: 'JPEG 图片', canonical: 'jpg' },
  png: { mime: 'image/png', label: 'PNG 图片', canonical: 'png' },
  gif: { mime: 'image/gif', label: 'GIF 图片', canonical: 'gif' },
  webp: { mime: 'image/webp', label: 'WebP 图片', canonical: 'webp' },
  bmp: { mime: 'image/bmp', label: 'BMP 图片', canonical: 'bmp' },
  tif: { mime: 'image/tiff', label: 'TIFF 扫描件', canonical: 'tif' },
  tiff: { mime: 'image/tiff', label: 'TIFF 扫描件', canonical: 'tif' },
  pdf: { mime: 'application/pdf', label: 'PDF 文档', canonical: 'pdf' },
  ofd: { mime: 'application/ofd', label: 'OFD 版式文档', canonical: 'ofd' },
  doc: { mime: 'application/msword', label: 'Word 97-2003 文档', canonical: 'doc' },
  docx: { mime: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', label: 'Word 文档', canonical: 'docx' },
  xls: { mime: 'application/vnd.ms-excel', label: 'Excel 97-2003 表格', canonical: 'xls' },
  xlsx: { mime: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', label: 'Excel 表格', canonical: 'xlsx' },
} as const;

export type AttachmentType = keyof typeof ATTACHMENT_TYPES;
export const KNOWN_ATTACHMENT_TYPES = Object.keys(ATTACHMENT_TYPES) as [AttachmentType, ...AttachmentType[]];

/**
 * The allow-list a new ledger starts with: photos (jpg/png/gif/webp), PDFs and OFD (the national e-document
 * format official replies come in), Word and Excel. BMP and TIFF are known but off by default: the viewer
 * cannot show TIFF and BMP photos are huge; an office may switch them on in 设置.
 */
export const DEFAULT_ATTACHMENT_TYPES: readonly AttachmentType[] = ['jpg', 'jpeg', 'png', 'gif', 'webp', 'pdf', 'ofd', 'doc', 'docx', 'xls', 'xlsx'];

export const MB = 1024 * 1024;
/** The default size limit of one file. */
export const DEFAULT_ATTACHMENT_MAX_BYTES = 20 * MB;
/**
 * The highest limit the settings accept: a file travels as base64 (4/3 of its size) in one request, and the
 * browser-mode bridge takes bodies up to 50 MB.
 */
export const ATTACHMENT_MAX_BYTES_CEILING = 30 * MB;
/** Base64 text of a file at the ceiling, plus room for a data: URL prefix. */
export const ATTACHMENT_MAX_BASE64_CHARS = Math.ceil(ATTACHMENT_MAX_BYTES_CEILING / 3) * 4 + 200;

/** Longest stored file name (characters), extension included. */
export const MAX_FILE_NAME_CHARS = 120;

export function isImageMime(mime: string): boolean {
  return mime.startsWith('image/');
}

/** 1536 → "1.5 KB", 20971520 → "20 MB". */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} 字节`;
  if (bytes < MB) return `${trimZeros((bytes / 1024).toFixed(1))} KB`;
  return `${trimZeros((bytes / MB).toFixed(1))} MB`;
}

function trimZeros(text: string): string {
  return text.replace(/\.0$/, '');
}

// ---- File names -------------------------------------------------------------------------------------

/** C0/C1 controls, DEL, and the invisible bidi and zero-width marks that make a name lie about itself. */
// eslint-disable-next-line no-control-regex
const UNSAFE_CHARS = /[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]/g;

/**
 * The name a file is shown under: the last part of whatever path came with it (a browser gives the bare
 * name, a drop from some tools a path), controls and bidi marks removed, spaces squeezed, NFC, at most
 * MAX_FILE_NAME_CHARS characters with the extension kept. Never used as a path: files are stored under
 * their content hash.
 */
export function sanitiseFileName(raw: string): string {
  const lastPart = raw.split(/[\\/]/).pop() ?? '';
  let name = lastPart.normalize('NFC').replace(UNSAFE_CHARS, '').replace(/\s+/g, ' ').trim();
  // Leading dots would hide the file on some systems and make '..' look like a name.
  name = name.replace(/^[.\s]+/, '').replace(/[.\s]+$/, '');
  const chars = [...name];
  if (chars.length <= MAX_FILE_NAME_CHARS) return name;
  const dot = name.lastIndexOf('.');
  const ext = dot > 0 ? [...name.slice(dot)] : [];
  if (ext.length > 0 && ext.length <= 10) {
    const stem = [...name.slice(0, dot)].slice(0, MAX_FILE_NAME_CHARS - ext.length - 1);
    return `${stem.join('')}…${ext.join('')}`;
  }
  return `${chars.slice(0, MAX_FILE_NAME_CHARS - 1).join('')}…`;
}

/** 'Scan（1）.JPG' → 'jpg'; full-width letters and dots folded. '' when there is none. */
export function fileExtension(name: string): string {
  const folded = name.normalize('NFKC');
  const dot = folded.lastIndexOf('.');
  if (dot <= 0 || dot === folded.length - 1) return '';
  return folded.slice(dot + 1).trim().toLowerCase();
}

// ---- Magic numbers ----------------------------------------------------------------------------------

function startsWith(bytes: Uint8Array, signature: readonly number[], at = 0): boolean {
  if (bytes.length < at + signature.length) return false;
  for (let i = 0; i < signature.length; i += 1) if (bytes[at + i] !== signature[i]) return false;
  return true;
}

function ascii(text: string): number[] {
  return [...text].map((c) => c.charCodeAt(0));
}

function utf16le(text: string): number[] {
  return [...text].flatMap((c) => [c.charCodeAt(0), 0]);
}

/** Whether the bytes contain the sequence anywhere (zip central directories, OLE2 directory entries). */
function contains(bytes: Uint8Array, needle: readonly number[]): boolean {
  const first = needle[0];
  if (first === undefined) return true;
  const last = bytes.length - needle.length;
  for (let i = bytes.indexOf(first); i !== -1 && i <= last; i = bytes.indexOf(first, i + 1)) {
    let j = 1;
    while (j < needle.length && bytes[i + j] === needle[j]) j += 1;
    if (j === needle.length) return true;
  }
  return false;
}

const ZIP = [0x50, 0x4b, 0x03, 0x04];
const OLE2 = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];

type Family = 'jpg' | 'png' | 'gif' | 'webp' | 'bmp' | 'tif' | 'pdf' | 'zip' | 'ole2' | 'exe' | 'unknown';

/** What the leading bytes say the file is. */
export function sniffFamily(bytes: Uint8Array): Family {
  // Programs first: nothing that starts as one is accepted, whatever else its bytes contain.
  if (startsWith(bytes, ascii('MZ')) || startsWith(bytes, [0x7f, 0x45, 0x4c, 0x46])) return 'exe';
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return 'jpg';
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'png';
  if (startsWith(bytes, ascii('GIF87a')) || startsWith(bytes, ascii('GIF89a'))) return 'gif';
  if (startsWith(bytes, ascii('RIFF')) && startsWith(bytes, ascii('WEBP'), 8)) return 'webp';
  if (startsWith(bytes, ascii('BM')) && bytes.length >= 26) return 'bmp';
  if (startsWith(bytes, [0x49, 0x49, 0x2a, 0x00]) || startsWith(bytes, [0x4d, 0x4d, 0x00, 0x2a])) return 'tif';
  // PDF readers accept the header within the first 1024 bytes (some scanners write junk before it).
  if (contains(bytes.subarray(0, 1024), ascii('%PDF-'))) return 'pdf';
  if (startsWith(bytes, ZIP)) return 'zip';
  if (startsWith(bytes, OLE2)) return 'ole2';
  return 'unknown';
}

const FAMILY_LABEL: Record<Family, string> = {
  jpg: 'JPEG 图片',
  png: 'PNG 图片',
  gif: 'GIF 图片',
  webp: 'WebP 图片',
  bmp: 'BMP 图片',
  tif: 'TIFF 图片',
  pdf: 'PDF 文档',
  zip: '压缩包或 Office 文档',
  ole2: 'Office 97-2003 文档',
  exe: '可执行程序',
  unknown: '无法识别的文件',
};

/** Whether the bytes are a file of the given type: its signature and, for containers, what is inside. */
function bytesMatch(type: AttachmentType, bytes: Uint8Array, family: Family): boolean {
  switch (ATTACHMENT_TYPES[type].canonical) {
    case 'jpg':
      return family === 'jpg';
    case 'png':
      return family === 'png';
    case 'gif':
      return family === 'gif';
    case 'webp':
      return family === 'webp';
    case 'bmp':
      return family === 'bmp';
    case 'tif':
      return family === 'tif';
    case 'pdf':
      return family === 'pdf';
    // OOXML and OFD are zip packages; their part names are stored uncompressed in the zip's directories.
    case 'docx':
      return family === 'zip' && contains(bytes, ascii('[Content_Types].xml')) && contains(bytes, ascii('word/'));
    case 'xlsx':
      return family === 'zip' && contains(bytes, ascii('[Content_Types].xml')) && contains(bytes, ascii('xl/'));
    case 'ofd':
      return family === 'zip' && contains(bytes, ascii('OFD.xml'));
    // OLE2 compound files name their streams in UTF-16: Word has WordDocument, Excel Workbook (or Book).
    case 'doc':
      return family === 'ole2' && contains(bytes, utf16le('WordDocument'));
    case 'xls':
      return family === 'ole2' && (contains(bytes, utf16le('Workbook')) || contains(bytes, utf16le('Book')));
    default:
      return false;
  }
}

export type FileCheck =
  | { ok: true; type: AttachmentType; canonical: string; mime: string }
  | { ok: false; code: 'NO_EXTENSION' | 'TYPE_REFUSED' | 'MISMATCH' | 'EMPTY'; message: string };

/**
 * Check a file against the allow-list and its own bytes. The message says what the file really is when
 * the bytes give it away ("扩展名是 .jpg，但文件内容是可执行程序").
 */
export function checkFileType(name: string, bytes: Uint8Array, allowed: readonly string[]): FileCheck {
  const ext = fileExtension(name);
  const list = allowed.map((t) => `.${t}`).join('、');
  if (ext === '') return { ok: false, code: 'NO_EXTENSION', message: `文件“${name}”没有扩展名，无法判断类型；可上传的类型：${list}` };
  if (!allowed.includes(ext) || !(ext in ATTACHMENT_TYPES)) {
    return { ok: false, code: 'TYPE_REFUSED', message: `不能上传 .${ext} 类型的文件；可上传的类型：${list}（可在“设置”中调整）` };
  }
  if (bytes.length === 0) return { ok: false, code: 'EMPTY', message: `文件“${name}”是空的（0 字节），请检查后重新选择` };
  const type = ext as AttachmentType;
  const family = sniffFamily(bytes);
  if (!bytesMatch(type, bytes, family)) {
    const what = family === 'zip' || family === 'ole2' || family === 'unknown' ? '与之不符' : `是${FAMILY_LABEL[family]}`;
    return {
      ok: false,
      code: 'MISMATCH',
      message: `文件“${name}”的扩展名是 .${ext}，但文件内容${what}，可能已损坏或被改了扩展名，不能上传`,
    };
  }
  const info = ATTACHMENT_TYPES[type];
  return { ok: true, type, canonical: info.canonical, mime: info.mime };
}
