// The CLI's --pg address read into 数据存放's fields: libpq's sslmode as 加密连接, %-escapes in the password, and
// refusals that never repeat the address (it may hold the password).
import { describe, expect, it } from 'vitest';
import { parseOfficeServerUrl } from '../../electron/office/server-url';

describe('parseOfficeServerUrl', () => {
  it('reads host, port, database, user and the password apart; sslmode is 加密连接', () => {
    expect(parseOfficeServerUrl('postgres://fupin:p%40ss%2F%E5%8F%A3%E4%BB%A4@192.168.1.20:5433/county_ledger?sslmode=require')).toEqual({
      settings: { host: '192.168.1.20', port: 5433, database: 'county_ledger', user: 'fupin', tls: 'required' },
      password: 'p@ss/口令',
    });
    expect(parseOfficeServerUrl('postgresql://u@server/db')).toEqual({ settings: { host: 'server', port: 5432, database: 'db', user: 'u', tls: 'on' }, password: '' });
    expect(parseOfficeServerUrl('postgres://u@server/db?sslmode=disable')).toMatchObject({ settings: { tls: 'off' } });
    expect(parseOfficeServerUrl('postgres://u@[::1]:6000/db')).toMatchObject({ settings: { host: '::1', port: 6000 } });
  });

  it('refuses what it cannot read, in Chinese, without repeating the address', () => {
    const cases: Array<[string, string]> = [
      ['not a url s3cret', '写法不对'],
      ['mysql://u:s3cret@h/db', '应以 postgres:// 开头'],
      ['postgres://u:s3cret@h/db?sslmode=maybe', 'sslmode 应为'],
      ['postgres://u:s3cret@h/', '不完整：请填写数据库名'],
      ['postgres://:s3cret@h/db', '不完整：请填写数据库用户名'],
      ['postgres://u:s3cret%zz@h/db', '无法识别的 % 转写'],
    ];
    for (const [address, said] of cases) {
      const parsed = parseOfficeServerUrl(address);
      expect(parsed, address).toHaveProperty('problem');
      const problem = (parsed as { problem: string }).problem;
      expect(problem, address).toContain(said);
      expect(problem).not.toContain('s3cret');
    }
  });
});
