// electron-builder's code-signing hook (electron-builder.yml: win.signtoolOptions.sign). Whoever builds a
// release chooses the way with environment variables only; nothing secret is in the repository:
//   - WIN_SIGN_COMMAND: a signing service's command, run once per file with {file} replaced by the quoted path
//     (Azure Trusted Signing through signtool's /dlib, a CA's cloud-signing tool, a USB key's certificate in
//     the Windows store via signtool /sha1 …). Takes precedence.
//   - WIN_CSC_LINK (or CSC_LINK) + WIN_CSC_KEY_PASSWORD (or CSC_KEY_PASSWORD): a .pfx/.p12 certificate file and
//     its password, read by electron-builder itself and signed with its own signtool.
//   - neither: the build is unsigned (it says so once); WIN_SIGN_REQUIRED=1 makes that an error, for releases.
// Plain CommonJS, because electron-builder require()s it; the choice is tested in test/unit/signing.test.ts.
'use strict';
const { spawnSync } = require('node:child_process');

/**
 * How this build signs.
 * @param {Record<string, string | undefined>} env
 * @param {boolean} hasCertificate electron-builder found a certificate (WIN_CSC_LINK / CSC_LINK)
 * @returns {{ kind: 'command', command: string } | { kind: 'certificate' } | { kind: 'unsigned', required: boolean }}
 */
function signingPlan(env, hasCertificate) {
  const command = (env.WIN_SIGN_COMMAND || '').trim();
  if (command) {
    if (!command.includes('{file}')) throw new Error('WIN_SIGN_COMMAND 中必须写 {file}，代表要签名的文件（WIN_SIGN_COMMAND must contain {file}）');
    return { kind: 'command', command };
  }
  if (hasCertificate) return { kind: 'certificate' };
  return { kind: 'unsigned', required: Boolean((env.WIN_SIGN_REQUIRED || '').trim()) && env.WIN_SIGN_REQUIRED !== '0' };
}

/**
 * The command line for one file: {file} becomes the path in double quotes (Windows paths cannot contain ").
 * @param {string} template
 * @param {string} file
 */
function commandFor(template, file) {
  if (file.includes('"')) throw new Error(`cannot sign a file whose path contains a double quote: ${file}`);
  return template.split('{file}').join(`"${file}"`);
}

let warnedUnsigned = false;

/**
 * @param {{ path: string, cscInfo?: unknown, hash?: string }} configuration
 * @param {{ signingManager: { value: Promise<{ doSign(c: unknown, p: unknown): Promise<void> }> } }} packager
 */
async function sign(configuration, packager) {
  const plan = signingPlan(process.env, configuration.cscInfo != null);
  if (plan.kind === 'unsigned') {
    if (plan.required) throw new Error('WIN_SIGN_REQUIRED is set but no signing is configured: set WIN_SIGN_COMMAND, or WIN_CSC_LINK and WIN_CSC_KEY_PASSWORD');
    if (!warnedUnsigned) {
      warnedUnsigned = true;
      console.warn('未配置代码签名（WIN_SIGN_COMMAND 或 WIN_CSC_LINK），安装包未签名 — no code signing configured, the build is unsigned');
    }
    return;
  }
  if (plan.kind === 'certificate') {
    // electron-builder's own signtool run with the certificate it already loaded.
    const manager = await packager.signingManager.value;
    await manager.doSign(configuration, packager);
    return;
  }
  const result = spawnSync(commandFor(plan.command, configuration.path), { shell: true, stdio: 'inherit', timeout: 10 * 60 * 1000, windowsHide: true });
  if (result.error) throw result.error;
  if (result.status !== 0) throw new Error(`WIN_SIGN_COMMAND failed (exit code ${result.status}) for ${configuration.path}`);
}

module.exports = { sign, signingPlan, commandFor };
