// Save a file the ledger made (an export, a template) as a download: a Blob and a link click, which works the
// same in the browser-mode bridge and in Electron (where it opens the save dialog).
import type { ExportFile } from '../../../../shared/api-export';

export function saveDownload(file: Pick<ExportFile, 'base64' | 'fileName' | 'mimeType'>): void {
  const binary = atob(file.base64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i += 1) bytes[i] = binary.charCodeAt(i);
  const url = URL.createObjectURL(new Blob([bytes], { type: file.mimeType }));
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
