import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openLogFile } from '../../../lib/manager/process/log-file.ts';
import { managerNote } from '../../../lib/manager/process/manager-note.ts';

let root: string;
beforeEach(async () => void (root = await mkdtemp(join(tmpdir(), 'mvi-note-'))));
afterEach(() => rm(root, { recursive: true, force: true }));

describe('managerNote', () => {
  it('writes a line stamped with the time and naming the label', async () => {
    const log = openLogFile(join(root, 'a.log'));
    const note = managerNote(log, 'dice 1.0.0');
    note('is starting');
    note('stopping');
    log.close();
    const lines = (await readFile(log.path, 'utf8')).split('\n');
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatch(/^\[mvi manager (\S+)\] dice 1\.0\.0 is starting$/);
    expect(lines[1]).toMatch(/^\[mvi manager (\S+)\] dice 1\.0\.0 stopping$/);
    expect(lines[2]).toBe('');
    const stamp = /^\[mvi manager (\S+)\]/.exec(lines[0]!)![1]!;
    expect(new Date(stamp).toISOString()).toBe(stamp);
  });
});
