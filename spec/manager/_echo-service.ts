import * as v from 'valibot';
import { defineService } from 'mvi';

/** Answers with its text and the version that answered: which version the gateway reached. */
export default defineService({ name: 'echo', version: '0.0.0', description: 'Echoes, naming its version' })
  .entrypoint('echo', v.object({ text: v.string() }), ({ text }, ctx) => ({ text, version: ctx.service.version }));
