import * as v from 'valibot';
import { defineService } from 'mvi';

// Each entrypoint is an HTTP route (POST /hello) whose input the schema validates; a parameter
// can be tuned while the service runs (POST /~parameters/greeting); `monitor` keeps every value.
export default defineService({ name: 'my_service', version: '0.1.0' })
  .parameter('greeting', v.string(), 'Hello', { monitor: true })
  .entrypoint(
    'hello',
    v.object({ name: v.pipe(v.string(), v.minLength(1)) }),
    ({ name }, ctx) => `${ctx.parameter('greeting')} ${name}`,
    { monitor: true, summary: 'Greet someone by name' },
  );
