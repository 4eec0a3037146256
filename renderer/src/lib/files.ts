// Files crossing the API as base64: read a picked file, turn base64 back into bytes, save bytes as a
// download (a Blob and a link click — the same in browser mode and in Electron, where it opens the save dialog).

export function base64ToBytes(base64: string): Uint8Array<ArrayBuffer> {
  const binary = atob(base64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i += 1) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/** A picked file's bytes as base64 (without the data: URL prefix). */
export function readFileBase64(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => {
      const url = String(reader.result ?? '');
      resolve(url.slice(url.indexOf(',') + 1));
    };
    reader.onerror = () => reject(new Error('无法读取所选文件'));
    reader.readAsDataURL(file);
  });
}

export function saveDownload(file: { base64: string; fileName: string; mimeType: string }): void {
  const url = URL.createObjectURL(new Blob([base64ToBytes(file.base64)], { type: file.mimeType }));
  const link = document.createElement('a');
  link.href = url;
  link.download = file.fileName;
  link.style.display = 'none';
  document.body.appendChild(link);
  link.click();
  link.remove();
  // Revoke after the click has been handled.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
