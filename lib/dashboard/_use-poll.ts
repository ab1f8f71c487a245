import { useEffect, useRef, useState } from 'preact/hooks';
import { nextLoadIn } from './_poll-interval.ts';

/** What a polled load gave last. */
export interface Polled<T> {
  readonly data: T | undefined;
  /** Why the last load failed; cleared by the next success. */
  readonly error: string | undefined;
  /** When the data was last loaded (ms). */
  readonly at: number | undefined;
  /** Loads again now. */
  refresh(): void;
}

interface State<T> {
  readonly key: string;
  readonly data?: T;
  readonly error?: string;
  readonly at?: number;
}

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

/**
 * Loads with `load` now and every `interval` ms (never while the tab is hidden: a hidden
 * dashboard costs the manager nothing), starting over whenever `key` changes. A load still
 * under way when the key changes is aborted, and its answer never shows. A load made once
 * (`interval` 0) is tried again while it fails, so that what it shows can recover.
 */
export function usePoll<T>(key: string, interval: number, load: (signal: AbortSignal) => Promise<T>): Polled<T> {
  const [state, setState] = useState<State<T>>({ key });
  const [round, setRound] = useState(0);
  const latest = useRef(load);
  latest.current = load;
  useEffect(() => {
    const controller = new AbortController();
    let timer: ReturnType<typeof setTimeout> | undefined;
    let busy = false;
    let failed = false;
    const next = () => {
      const wait = nextLoadIn(interval, failed);
      if (!controller.signal.aborted && wait > 0) timer = setTimeout(run, wait);
    };
    const run = async () => {
      if (busy) return;
      if (document.hidden) return next();
      busy = true;
      try {
        const data = await latest.current(controller.signal);
        failed = false;
        if (!controller.signal.aborted) setState({ key, data, at: Date.now() });
      } catch (error) {
        failed = true;
        if (!controller.signal.aborted) setState((previous) => ({ ...(previous.key === key ? previous : { key }), error: messageOf(error) }));
      } finally {
        busy = false;
      }
      next();
    };
    const onVisible = () => {
      if (document.hidden) return;
      clearTimeout(timer);
      void run();
    };
    document.addEventListener('visibilitychange', onVisible);
    void run();
    return () => {
      controller.abort();
      clearTimeout(timer);
      document.removeEventListener('visibilitychange', onVisible);
    };
  }, [key, interval, round]);
  const current = state.key === key ? state : { key };
  return { data: current.data, error: current.error, at: current.at, refresh: () => setRound((n) => n + 1) };
}
