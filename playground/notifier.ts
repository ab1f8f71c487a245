import * as v from 'valibot';
import { defineService, Severity } from 'mvi';

/** Accepts sensor readings and notifies the manager when one looks suspicious. */
export const notifier = defineService({ name: 'sensor-gate', version: '1.0.0', description: 'Flags suspicious readings' })
  .parameter('limit', v.pipe(v.number(), v.minValue(0)), 100)
  .entrypoint(
    'ingest',
    v.object({ sensor: v.pipe(v.string(), v.minLength(1)), value: v.number() }),
    async ({ sensor, value }, ctx) => {
      ctx.store({ [sensor]: value });
      const suspicious = Math.abs(value) > ctx.parameter('limit');
      if (suspicious) {
        try {
          // The timer keeps one noisy sensor from flooding the dashboard.
          await ctx.notify(`Suspicious reading ${value} from ${sensor}`, Severity.WARNING, { timer: 300 });
        } catch (error) {
          ctx.log.warn('Could not notify the manager; the reading is kept', error);
        }
      }
      return { accepted: true, suspicious };
    },
    { monitor: true },
  );

export default notifier;
