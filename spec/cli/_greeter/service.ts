import * as v from 'valibot';
import { defineService } from 'mvi';

/** A project folder to upload: answers with the GREETING its deploy gave it, and its version. */
export default defineService({ name: 'greeter', version: '0.0.0', description: 'Greets as its environment says' })
  .entrypoint('greet', v.object({}), (_, ctx) => ({ greeting: process.env.GREETING ?? null, from_shell: process.env.FROM_SHELL ?? null, version: ctx.service.version }));
