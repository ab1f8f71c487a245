import { setTimeout as sleep } from 'node:timers/promises';
import * as v from 'valibot';
import { defineService } from 'mvi';

/** Answers with the pid of the process that answered, after `ms` milliseconds: which replica the gateway reached. */
export default defineService({ name: 'whoami', version: '0.0.0', description: 'Names the process that answers' })
  .entrypoint('whoami', v.object({ ms: v.optional(v.number(), 0) }), async ({ ms }) => {
    await sleep(ms);
    return { pid: process.pid };
  });
