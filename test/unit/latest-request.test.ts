// The stale-response rule every screen's reads share (renderer/src/lib/latestRequest.ts, used by useChannel):
// an answer that arrives after a newer request started is dropped, whatever order the answers come in.
import { describe, expect, it } from 'vitest';
import { LatestRequest, type LatestHandlers } from '../../renderer/src/lib/latestRequest';

function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

function recorder<T>() {
  const seen: string[] = [];
  const on: LatestHandlers<T> = {
    value: (v) => seen.push(`value ${String(v)}`),
    error: (e) => seen.push(`error ${(e as Error).message}`),
    busy: (b) => seen.push(b ? 'busy' : 'idle'),
  };
  return { seen, on };
}

describe('LatestRequest', () => {
  it('drops the answer of an older request that arrives after a newer one', async () => {
    const latest = new LatestRequest();
    const { seen, on } = recorder<string>();
    const first = deferred<string>();
    const second = deferred<string>();
    const a = latest.run(() => first.promise, on);
    const b = latest.run(() => second.promise, on);
    second.resolve('桦树镇');
    await b;
    first.resolve('全县');
    await a;
    expect(seen).toEqual(['busy', 'busy', 'value 桦树镇', 'idle']);
  });

  it('keeps showing loading while the newest request is under way, even when an older one finishes first', async () => {
    const latest = new LatestRequest();
    const { seen, on } = recorder<number>();
    const first = deferred<number>();
    const second = deferred<number>();
    const a = latest.run(() => first.promise, on);
    const b = latest.run(() => second.promise, on);
    first.resolve(1);
    await a;
    expect(seen).toEqual(['busy', 'busy']);
    second.resolve(2);
    await b;
    expect(seen).toEqual(['busy', 'busy', 'value 2', 'idle']);
  });

  it('drops a stale failure and reports the newest one', async () => {
    const latest = new LatestRequest();
    const { seen, on } = recorder<number>();
    const first = deferred<number>();
    const a = latest.run(() => first.promise, on);
    const b = latest.run(() => Promise.reject(new Error('无法连接')), on);
    await b;
    first.reject(new Error('旧的失败'));
    await a;
    expect(seen).toEqual(['busy', 'busy', 'error 无法连接', 'idle']);
  });

  it('drop() forgets every request under way', async () => {
    const latest = new LatestRequest();
    const { seen, on } = recorder<number>();
    const first = deferred<number>();
    const a = latest.run(() => first.promise, on);
    latest.drop();
    first.resolve(1);
    await a;
    expect(seen).toEqual(['busy']);
  });
});
