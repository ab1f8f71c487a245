import { useEffect, useMemo, useState } from 'preact/hooks';
import { parseRoute, type Route } from './_hash-route.ts';

/** The page the address's hash names, renewed as it changes (links, back and forward). */
export function useRoute(): Route {
  const [hash, setHash] = useState(window.location.hash);
  useEffect(() => {
    const changed = () => setHash(window.location.hash);
    window.addEventListener('hashchange', changed);
    return () => window.removeEventListener('hashchange', changed);
  }, []);
  return useMemo(() => parseRoute(hash), [hash]);
}
