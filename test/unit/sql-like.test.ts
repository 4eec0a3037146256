import { describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { escapeLike, likeAnywhere } from '../../electron/platform/sql-like';

describe('escapeLike / likeAnywhere (the one LIKE escaper of every keyword search)', () => {
  it('escapes %, _ and the backslash', () => {
    expect(escapeLike('100%_a\\b')).toBe('100\\%\\_a\\\\b');
    expect(likeAnywhere('青财农字')).toBe('%青财农字%');
  });

  it('makes a typed wildcard match only itself in SQLite', () => {
    const db = new Database(':memory:');
    db.exec("create table t (v text); insert into t values ('付-100%'), ('付-1000'), ('a_b'), ('axb'), ('c\\d')");
    const find = (word: string) => db.prepare("select v from t where v like ? escape '\\' order by v").pluck().all(likeAnywhere(word));
    expect(find('100%')).toEqual(['付-100%']);
    expect(find('a_b')).toEqual(['a_b']);
    expect(find('c\\d')).toEqual(['c\\d']);
    expect(find('%')).toEqual(['付-100%']);
    db.close();
  });
});
