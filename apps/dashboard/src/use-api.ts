import { useCallback, useEffect, useState } from 'react';
import { apiJson } from './api';
import { useApp } from './app-context';

export interface Loaded<T> {
  data?: T;
  error?: unknown;
  loading: boolean;
  /** GETs again, asking for an answer from the current state of the read models (after the user's action). */
  reload: () => void;
}

/** GETs `path` (with the session's token and the global asOf) and again whenever either changes. */
export function useApi<T>(path: string | undefined, query: Record<string, string | number | undefined> = {}): Loaded<T> {
  const { session, asOf } = useApp();
  const [state, setState] = useState<{ data?: T; error?: unknown; loading: boolean }>({ loading: true });
  // 0 = the first load (the API may answer from its bounded-stale cache); each reload asks for a fresh answer.
  const [generation, setGeneration] = useState(0);
  const queryKey = JSON.stringify(query);
  useEffect(() => {
    if (!path) return;
    const controller = new AbortController();
    setState((previous) => ({ ...previous, loading: true }));
    const fresh = generation > 0;
    apiJson<T>(path, { token: session.token, asOf, query: JSON.parse(queryKey), signal: controller.signal, fresh }).then(
      (data) => setState({ data, loading: false }),
      (error) => {
        if (!controller.signal.aborted) setState({ error, loading: false });
      },
    );
    return () => controller.abort();
  }, [path, queryKey, session.token, asOf, generation]);
  const reload = useCallback(() => setGeneration((g) => g + 1), []);
  return { ...state, reload };
}

/** The current time, re-read every `everyMs` (countdowns). */
export function useNow(everyMs = 1000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), everyMs);
    return () => clearInterval(timer);
  }, [everyMs]);
  return now;
}
