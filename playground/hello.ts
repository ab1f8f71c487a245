import * as v from 'valibot';
import { defineService } from 'mvi';

/** The seed's hello service: a greeting phrase that can be tuned at run time. */
export const hello = defineService({ name: 'hello', version: '1.0.0', description: 'Greets people' })
  .parameter('greeting_phrase', v.string(), 'Hello', { monitor: true })
  .entrypoint(
    'hello',
    v.object({ name: v.pipe(v.string(), v.minLength(1)) }),
    ({ name }, ctx) => {
      const greeting = `${ctx.parameter('greeting_phrase')} ${name}`;
      ctx.log.info(`Greeted ${name}`);
      return greeting;
    },
    { monitor: true, summary: 'Greet someone by name' },
  );

export default hello;
