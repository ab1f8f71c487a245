// Type-checked against the installed package: each @ts-expect-error fails the check if inference
// decays to `any`.
import * as v from 'valibot';
import { defineService } from 'mvi';
import { createTestRuntime } from 'mvi/testing';
import { serviceClient } from 'mvi/communication';
import type { RunningService } from 'mvi/runtime';
import type { MonitorStore } from 'mvi/monitor';
import { getServiceName } from 'mvi/utilities';

const service = defineService({ name: 'typed', version: '1.0.0' })
  .parameter('threshold', v.number(), 0.5)
  .entrypoint('classify', v.object({ score: v.number() }), ({ score }, ctx) => {
    const threshold: number = ctx.parameter('threshold');
    // @ts-expect-error a number parameter is no string
    const wrong: string = ctx.parameter('threshold');
    // @ts-expect-error no such parameter
    ctx.parameter('threshold_typo');
    // @ts-expect-error the schema says score is a number
    score.toUpperCase();
    return { above: score > threshold, wrong };
  });

const rt = createTestRuntime(service);
const answer = await rt.invoke('classify', { score: 0.7 });
const above: boolean = answer.above;
// @ts-expect-error the result has no such field
void answer.below;
// @ts-expect-error no such entrypoint
await rt.invoke('clasify', { score: 0.7 });
// @ts-expect-error the input is checked against the schema
await rt.invoke('classify', { score: 'high' });
// @ts-expect-error parameters are typed too
rt.setParameter('threshold', 'high');

const client = serviceClient<typeof service>('typed');
const called: Promise<{ above: boolean }> = client.classify({ score: 1 });

export type Used = [typeof above, typeof called, RunningService, MonitorStore, ReturnType<typeof getServiceName>];
await rt.close();
