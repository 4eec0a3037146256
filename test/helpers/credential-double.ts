// A credential box for Node tests, in place of Electron's safeStorage: it seals by XOR with a key of its own
// and base64, so the sealed text never contains the password, and a box with another key cannot open it (as
// safeStorage on another PC or Windows user cannot).
import path from 'node:path';
import type { CredentialBox } from '../../electron/office/credentials';
import type { LocationSettingsAccess } from '../../electron/office/location-file';

export function testCredentialBox(key = 'test-key-1', available = true): CredentialBox {
  const xor = (bytes: Buffer) => Buffer.from(bytes.map((b, i) => b ^ (key.charCodeAt(i % key.length) & 0xff)));
  const MARK = 'sealed:';
  return {
    available: () => available,
    seal: (plain) => xor(Buffer.from(MARK + plain, 'utf8')).toString('base64'),
    open: (sealed) => {
      const text = xor(Buffer.from(sealed, 'base64')).toString('utf8');
      if (!text.startsWith(MARK)) throw new Error('sealed with another key');
      return text.slice(MARK.length);
    },
  };
}

/** config.json in `userData` with the test box, as the app's doors give it to the services. */
export function testLocationAccess(userData: string, box: CredentialBox = testCredentialBox()): LocationSettingsAccess {
  return { configFile: path.join(userData, 'config.json'), credentials: box, open: 'local', startupNotice: null };
}
