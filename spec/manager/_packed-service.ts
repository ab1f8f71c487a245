import * as v from 'valibot';
import { defineService } from 'mvi';

/** The service of an uploaded project archive. */
export default defineService({ name: 'packed', version: '0.0.0' })
  .entrypoint('greet', v.object({ name: v.string() }), ({ name }, ctx) => `Hello ${name} from the archive of ${ctx.service.name} ${ctx.service.version}`);
