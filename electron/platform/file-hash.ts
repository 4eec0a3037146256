// The SHA-256 of a file's bytes (hex): how evidence files are stored, import files recognised and issued
// bulletins' archived PDFs checked.
import { createHash } from 'node:crypto';

export function sha256Of(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}
