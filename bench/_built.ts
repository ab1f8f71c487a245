/**
 * One of our modules as the package ships it (dist/, which the benches build first), as users run
 * it: through tsx the sources cost up to a third more CPU per request, as esbuild's keepNames
 * wraps every closure made per request in a call of its own. A computed specifier: a fresh clone
 * has no dist/ to type-check against.
 */
export const built = (path: string): Promise<unknown> => import(new URL(`../dist/${path}.js`, import.meta.url).href);
