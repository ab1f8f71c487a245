import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { errorOrigin } from '../../lib/cli/error-origin.ts';

const project = '/home/ada/project';
const thrown = (...frames: string[]) => Object.assign(new Error('boom'), { stack: ['TypeError: boom', ...frames.map((frame) => `    at ${frame}`)].join('\n') });
const mvi = join(import.meta.dirname, '..', '..', 'lib', 'runtime', 'serve.ts');

describe('errorOrigin', () => {
  it('is the first frame in the user\'s own files, relative to the current folder', () => {
    const error = thrown(
      'validate (node:internal/validators:1:1)',
      `check (${mvi}:10:5)`,
      'parse (/home/ada/project/node_modules/valibot/dist/index.js:20:3)',
      `${pathToFileURL(`${project}/svc/crash.mjs`).href}:3:58`,
      'later (/home/ada/project/svc/other.ts:1:1)',
    );
    expect(errorOrigin(error, project)).toBe('svc/crash.mjs:3:58');
    expect(errorOrigin(thrown('<anonymous> (/home/ada/project/svc/crash.ts:3:41)'), project)).toBe('svc/crash.ts:3:41');
    // A file URL of another host is no path here, and must not throw while an error is reported.
    expect(errorOrigin(thrown('file://host/share/crash.mjs:3:1', '<anonymous> (/home/ada/project/svc/crash.ts:3:41)'), project)).toBe('svc/crash.ts:3:41');
  });

  it('is undefined when every frame is Node\'s, mvi\'s or a dependency\'s', () => {
    expect(errorOrigin(thrown(`run (${mvi}:1:1)`, 'ModuleJob.run (node:internal/modules/esm/module_job:325:25)', 'async Promise.all (index 0)'), project)).toBeUndefined();
    expect(errorOrigin(Object.assign(new Error('no stack'), { stack: undefined }), project)).toBeUndefined();
  });
});
