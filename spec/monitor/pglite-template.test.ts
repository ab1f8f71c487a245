import { readFile, stat } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { pgliteTemplate } from '../../lib/monitor/pglite-template.ts';

// PGlite does not export its package.json.
const { version } = JSON.parse(await readFile('node_modules/@electric-sql/pglite/package.json', 'utf8')) as { version: string };

describe('pgliteTemplate()', () => {
  it('caches one tarball of a ready data folder per PGlite version', async () => {
    const path = await pgliteTemplate();
    expect(path).toMatch(new RegExp(`pglite-${version.replace(/\./g, '\\.')}-template-[0-9a-f]{12}\\.tar$`));
    expect(await pgliteTemplate()).toBe(path);
    const tarball = await readFile(path);
    // A tar file: "ustar" at offset 257 of the first header, and the data folder inside.
    expect(tarball.subarray(257, 262).toString()).toBe('ustar');
    expect(tarball.includes('PG_VERSION')).toBe(true);
    expect((await stat(path)).size).toBeLessThan(20_000_000);
  }, 120_000);
});
