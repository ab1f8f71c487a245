/**
 * What a project folder holds besides its code, in any of its folders: git, installed modules,
 * monitoring data and builds; `mvi deploy` does not upload them and `mvi dev` does not watch them.
 */
export const NON_SOURCE_FOLDERS: ReadonlySet<string> = new Set(['.git', 'node_modules', '.mvi', 'dist', 'coverage']);
