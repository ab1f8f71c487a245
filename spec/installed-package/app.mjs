// A plain JavaScript user: serve() from a Node script, no TypeScript, no loader.
import * as v from 'valibot';
import { defineService } from 'mvi';
import { serve } from 'mvi/runtime';

const service = defineService({ name: 'plain', version: '1.0.0' })
  .entrypoint('double', v.object({ x: v.number() }), ({ x }) => x * 2, { monitor: true });

const running = await serve(service, { port: 0, handleSignals: false });
const answer = await fetch(`${running.url}/double`, { method: 'POST', body: JSON.stringify({ x: 21 }) });
const monitored = await fetch(`${running.url}/~monitor?variables=double_response`);
console.log(JSON.stringify({ status: answer.status, body: await answer.json(), monitored: (await monitored.json()).double_response.value }));
await running.close();
