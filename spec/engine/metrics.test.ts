import { describe, expect, it } from 'vitest';
import { createMetrics } from '../../lib/engine/metrics.ts';
import { createHistogram } from '../../lib/monitor/_histogram.ts';

const idleStore = () => ({ buffered: 0, written: 0, failed: 0, flushSeconds: createHistogram().snapshot() });

describe('createMetrics()', () => {
  it('escapes label values as the exposition format wants: backslash, double quote and line feed', () => {
    const metrics = createMetrics([], ['say "hi"\\\nbye'], idleStore);
    metrics.job('say "hi"\\\nbye').started();
    expect(metrics.render().split('\n')).toContain('mvi_job_runs_total{job="say \\"hi\\"\\\\\\nbye"} 1');
  });

  it('puts each observation in the first bucket whose bound holds it, bounds included', () => {
    const metrics = createMetrics(['e'], [], idleStore);
    const e = metrics.entrypoint('e');
    for (const seconds of [0.0005, 0.0006, 10, 11]) e.observe(200, seconds);
    const lines = metrics.render().split('\n');
    expect(lines).toContain('mvi_request_duration_seconds_bucket{entrypoint="e",le="0.0005"} 1');
    expect(lines).toContain('mvi_request_duration_seconds_bucket{entrypoint="e",le="0.001"} 2');
    expect(lines).toContain('mvi_request_duration_seconds_bucket{entrypoint="e",le="10"} 3');
    expect(lines).toContain('mvi_request_duration_seconds_bucket{entrypoint="e",le="+Inf"} 4');
    expect(lines).toContain('mvi_request_duration_seconds_count{entrypoint="e"} 4');
    expect(lines).toContain('mvi_requests_total{entrypoint="e",status="200"} 4');
  });

  it('reads the store when rendered, and refuses names it was not given', () => {
    let written = 0;
    const metrics = createMetrics([], [], () => ({ ...idleStore(), written }));
    written = 12;
    expect(metrics.render().split('\n')).toContain('mvi_store_points_written_total 12');
    expect(() => metrics.entrypoint('nope')).toThrow('No metrics for entrypoint "nope"');
    expect(() => metrics.job('nope')).toThrow('No metrics for job "nope"');
  });
});
