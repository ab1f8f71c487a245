import * as v from 'valibot';
import { defineService, Severity } from 'mvi';

/**
 * A room heater's controller: a job moves the (simulated) room temperature halfway to the target
 * every two seconds, keeps it, and notifies when the room gets warmer than the alarm.
 */
export const heater = defineService({ name: 'heater', version: '1.0.0', description: 'Heats a room and warns when it gets too warm' })
  .parameter('target', v.pipe(v.number(), v.minValue(5), v.maxValue(40)), 21, { monitor: true })
  .parameter('alarm', v.pipe(v.number(), v.minValue(5), v.maxValue(60)), 26)
  .parameter('temperature', v.number(), 20, { expose: false, monitor: true })
  .every('2s', async (ctx) => {
    const now = ctx.parameter('temperature');
    const next = Math.round((now + (ctx.parameter('target') - now) / 2) * 10) / 10;
    ctx.setParameter('temperature', next);
    if (next > ctx.parameter('alarm')) {
      // One message while it stays warm (the manager counts it), and the timer holds back repeated e-mails.
      await ctx.notify(`The room is warmer than the alarm at ${ctx.parameter('alarm')} °C`, Severity.WARNING, { timer: 600 });
    }
  }, { name: 'regulate', waitFirst: true })
  .entrypoint('status', v.object({}), (_, ctx) => ({ temperature: ctx.parameter('temperature'), target: ctx.parameter('target') }), {
    summary: 'The room temperature and the target',
  });

export default heater;
