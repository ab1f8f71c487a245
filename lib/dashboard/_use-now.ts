import { useEffect, useState } from 'preact/hooks';

/** The time (ms), renewed every `interval` ms: what relative times ("5 s ago") and uptimes are written against. */
export function useNow(interval = 1000): number {
  const [now, setNow] = useState(Date.now);
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), interval);
    return () => clearInterval(timer);
  }, [interval]);
  return now;
}
