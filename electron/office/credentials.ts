// The office server's password is kept encrypted by the PC: a credential box seals it for the settings file
// and opens it again. In the app the box is Electron's safeStorage (main.ts: the Windows user's DPAPI, the
// macOS Keychain, the Linux secret service); a door without one (browser mode, CLI) cannot keep a password.

export interface CredentialBox {
  /** This PC can encrypt (false: nothing may be saved, rather than keep the password readable). */
  available(): boolean;
  /** The password sealed, as text for the settings file. */
  seal(plain: string): string;
  /** The password again; throws when the text was sealed elsewhere (another Windows user or PC). */
  open(sealed: string): string;
}

/** A door that keeps no password. */
export const NO_CREDENTIAL_BOX: CredentialBox = {
  available: () => false,
  seal: () => {
    throw new Error('这里无法加密保存密码。');
  },
  open: () => {
    throw new Error('这里无法读取加密保存的密码。');
  },
};

/** The sealed password opened, or why it cannot be (a Chinese sentence). */
export function openPassword(box: CredentialBox, sealed: string | null): { password: string } | { problem: string } {
  if (sealed === null) return { password: '' };
  if (!box.available()) return { problem: '这台电脑现在无法解密保存的服务器密码（系统的加密服务不可用）。请在 设置 → 数据存放 中重新输入密码。' };
  try {
    return { password: box.open(sealed) };
  } catch {
    return { problem: '保存的服务器密码无法解密（可能是换了电脑或 Windows 用户）。请在 设置 → 数据存放 中重新输入密码并保存。' };
  }
}
