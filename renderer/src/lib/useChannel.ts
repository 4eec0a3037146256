// One hook for a screen's reads: the data, whether a request is under way, its error, and the rule that
// only the newest request's answer counts (LatestRequest). A screen keeps its own useCallback that builds
// the input and calls `run(() => call('channel', input))`, so reloading after a save is the same call.
import { App as AntApp } from 'antd';
import { useCallback, useEffect, useMemo, useRef, useState, type Dispatch, type SetStateAction } from 'react';
import { errorText } from './errors';
import { LatestRequest } from './latestRequest';

export interface ChannelState<T> {
  data: T | null;
  setData: Dispatch<SetStateAction<T | null>>;
  loading: boolean;
  /** The newest request's failure as a Chinese sentence; null after a success. */
  error: string | null;
  /** Start a request; `apply` also receives the answer (for state the screen keeps beside `data`), `failed`
   * the newest request's failure as its Chinese sentence (a drawer that cannot read its subject closes). */
  run(request: () => Promise<T>, apply?: (value: T) => void, failed?: (text: string) => void): Promise<void>;
  /** Drop the answers of every request under way and stop showing the loading state. */
  drop(): void;
  /** drop(), and forget the data and the error (the screen starts over). */
  reset(): void;
}

export interface ChannelOptions {
  /** Show a failure in the message bar (the default), or only in `error` (a picker shows it in its list). */
  showError?: boolean;
}

export function useChannel<T>(options: ChannelOptions = {}): ChannelState<T> {
  const showError = options.showError ?? true;
  const { message } = AntApp.useApp();
  // The message API is read when a failure arrives, so `run` keeps one identity for the screen's life.
  const messageRef = useRef(message);
  useEffect(() => {
    messageRef.current = message;
  }, [message]);
  const latest = useRef(new LatestRequest()).current;
  const [data, setData] = useState<T | null>(null);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<string | null>(null);

  // An answer arriving after the screen is gone is dropped like a stale one.
  useEffect(() => () => latest.drop(), [latest]);

  const run = useCallback(
    (request: () => Promise<T>, apply?: (value: T) => void, failed?: (text: string) => void) =>
      latest.run(request, {
        value: (value) => {
          setData(value);
          setError(null);
          apply?.(value);
        },
        error: (failure) => {
          const text = errorText(failure);
          setError(text);
          if (showError) messageRef.current.error(text, 6);
          failed?.(text);
        },
        busy: setLoading,
      }),
    [latest, showError],
  );
  const drop = useCallback(() => {
    latest.drop();
    setLoading(false);
  }, [latest]);
  const reset = useCallback(() => {
    drop();
    setData(null);
    setError(null);
  }, [drop]);

  return useMemo(() => ({ data, setData, loading, error, run, drop, reset }), [data, loading, error, run, drop, reset]);
}
