import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openLogFile } from '../../../lib/manager/process/log-file.ts';
import { refusalWithLogTail } from '../../../lib/manager/process/refusal-with-log-tail.ts';

let root: string;
beforeEach(async () => void (root = await mkdtemp(join(tmpdir(), 'mvi-refusal-'))));
afterEach(() => rm(root, { recursive: true, force: true }));

describe('refusalWithLogTail', () => {
  it('is a 422 with the reason and the last 40 lines of the log', () => {
    const log = openLogFile(join(root, 'a.log'));
    for (let i = 1; i <= 50; i++) log.write(`line ${i}\n`);
    const refusal = refusalWithLogTail('broken 1.0.0 exited with code 1', log);
    log.close();
    const lines = Array.from({ length: 40 }, (_, i) => `line ${i + 11}\n`).join('');
    expect(refusal.status).toBe(422);
    expect(refusal.body.detail).toBe(`broken 1.0.0 exited with code 1; the end of its log:\n${lines}`);
  });

  it('reads the log as it is when it is made, so that the log may be closed after', () => {
    const log = openLogFile(join(root, 'b.log'));
    log.write('only line\n');
    const refusal = refusalWithLogTail('failed', log);
    log.write('later\n');
    log.close();
    expect(refusal.body.detail).toBe('failed; the end of its log:\nonly line\n');
  });
});
