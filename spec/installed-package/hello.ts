// The README's first service, as a user writes it in their own project.
import * as v from 'valibot';
import { defineService, Severity } from 'mvi';

export default defineService({ name: 'hello', version: '1.0.0' })
  .parameter('greeting_phrase', v.string(), 'Hello', { monitor: true })
  .entrypoint('hello', v.object({ name: v.string() }), ({ name }, ctx) => {
    ctx.store({ name_length: name.length });
    return `${ctx.parameter('greeting_phrase')} ${name}`;
  }, { monitor: true })
  .every('1h', async (ctx) => {
    await ctx.notify('Still alive', Severity.INFO);
  }, { waitFirst: true });
