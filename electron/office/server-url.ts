// The office server as the CLI names it: postgres://用户:密码@服务器:端口/数据库[?sslmode=…], read into the same
// fields 设置 → 数据存放 keeps (shared/api-office.ts) and the password apart. A refusal never repeats the address:
// it may hold the password.
import { officeServerFields, type OfficeServerSettings } from '../../shared/api-office';

export const OFFICE_URL_FORM = 'postgres://用户名:密码@服务器地址:端口/数据库名';

/** Holds the office server's address in place of --pg (CLI, browser mode), so its password stays out of the command line and process list. */
export const PG_URL_ENV = 'FUPIN_PG_URL';

const DEFAULT_PORT = 5432;

/** libpq's sslmode as 数据存放's 加密连接: disable → 关闭, require and the verifying modes → 必须加密, else 开启 (TLS when the server has it). */
function tlsOf(sslmode: string | null): OfficeServerSettings['tls'] | null {
  if (sslmode === null || sslmode === 'prefer' || sslmode === 'allow') return 'on';
  if (sslmode === 'disable') return 'off';
  if (sslmode === 'require' || sslmode === 'verify-ca' || sslmode === 'verify-full') return 'required';
  return null;
}

function decoded(text: string): string | null {
  try {
    return decodeURIComponent(text);
  } catch {
    return null;
  }
}

export function parseOfficeServerUrl(text: string): { settings: OfficeServerSettings; password: string } | { problem: string } {
  const wrong = (why: string) => ({ problem: `办公室服务器的地址${why}。写法：${OFFICE_URL_FORM}（密码中的特殊字符请按网址的规则转写，如 @ 写作 %40）` });
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return wrong('写法不对');
  }
  if (url.protocol !== 'postgres:' && url.protocol !== 'postgresql:') return wrong('应以 postgres:// 开头');
  const tls = tlsOf(url.searchParams.get('sslmode'));
  if (tls === null) return wrong('中的 sslmode 应为 disable、prefer、require、verify-ca 或 verify-full 之一');
  const user = decoded(url.username);
  const password = decoded(url.password);
  const database = decoded(url.pathname.replace(/^\//, ''));
  if (user === null || password === null || database === null) return wrong('中有无法识别的 % 转写');
  const fields = officeServerFields.safeParse({
    host: url.hostname.replace(/^\[(.*)\]$/, '$1'),
    port: url.port === '' ? DEFAULT_PORT : Number(url.port),
    database,
    user,
    tls,
  });
  if (!fields.success) return wrong(`不完整：${fields.error.issues[0]?.message ?? '缺少服务器、用户名或数据库名'}`);
  return { settings: fields.data, password };
}
