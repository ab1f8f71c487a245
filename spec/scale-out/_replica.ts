// One replica of a service version, as a manager or Kubernetes starts it: MVI_DATABASE_URL,
// MVI_SERVICE_NAME/VERSION and MVI_REPLICA_ID come from the environment. Its job stores which
// replica ran it; prints `ready <url>` once it serves.
import * as v from 'valibot';
import { defineService } from 'mvi';
import { serve } from 'mvi/runtime';
import { getReplicaId } from 'mvi/utilities';

const replica = getReplicaId();
const service = defineService({ name: 'replicated', version: '1.0.0' })
  .parameter('level', v.number(), 1, { monitor: true })
  .entrypoint('level', v.object({}), (_, ctx) => ctx.parameter('level'), { method: 'GET' })
  .every(Number(process.env.JOB_INTERVAL ?? 1), (ctx) => ctx.store({ ran: replica }), { name: 'tick' });

const running = await serve(service, { port: 0, accessLog: false });
console.log(`ready ${running.url}`);
