import type { RetentionLimit } from '../service/types.ts';
import { createHistogram } from './_histogram.ts';
import { retentionCutoff } from './retention-cutoff.ts';
import { assertStorable, assertStorableParameter } from './assert-storable.ts';
import { toCsvZip } from './csv-zip.js';
import { streamSqlDump, textOf, toCopyRows } from './sql-dump.ts';
import type { MonitorData, MonitorPoint, MonitorQuery, MonitorStore } from './types.ts';

const DUMP_PIECE = 10_000;

/** A store that keeps points in memory: for tests and throwaway runs, nothing persists. */
export function createMemoryStore(): MonitorStore {
  let points: MonitorPoint[] = [];
  const parameters = new Map<string, string>();
  // Points are kept as they are written: there is never a flush to time.
  const flushSeconds = createHistogram();
  let written = 0;
  let lastClean: number | undefined;
  let closed = false;
  const assertOpen = () => {
    if (closed) throw new Error('The monitor store is closed');
  };
  const read = (query: MonitorQuery = {}): MonitorData => {
    assertOpen();
    const wanted = query.variables && new Set(query.variables);
    const data: MonitorData = {};
    const matching = points
      .map((point, order) => ({ point, order }))
      .filter(({ point }) =>
        (!wanted || wanted.has(point.variable)) &&
        (query.start === undefined || point.timestamp >= query.start) &&
        (query.end === undefined || point.timestamp <= query.end))
      .sort((a, b) => a.point.timestamp - b.point.timestamp || a.order - b.order);
    for (const { point } of matching) {
      const series = (data[point.variable] ??= { timestamp: [], value: [] });
      series.timestamp.push(new Date(point.timestamp).toISOString());
      series.value.push(point.value);
    }
    return data;
  };
  const streamDump = () => {
    assertOpen();
    const snapshot = points.slice();
    return streamSqlDump((async function* () {
      const encoder = new TextEncoder();
      for (let i = 0; i < snapshot.length; i += DUMP_PIECE) yield encoder.encode(toCopyRows(snapshot.slice(i, i + DUMP_PIECE), i + 1));
    })());
  };
  return {
    write(batch) {
      assertOpen();
      assertStorable(batch);
      points.push(...batch.map((p) => ({ variable: p.variable, timestamp: p.timestamp, value: p.value })));
      written += batch.length;
    },
    async flush() {},
    read: async (query) => read(query),
    readJson: async (query) => new TextEncoder().encode(JSON.stringify(read(query))),
    readCsvZip: async (query) => toCsvZip(read(query)),
    async variables() {
      assertOpen();
      return [...new Set(points.map((p) => p.variable))].sort();
    },
    async clean(retention: RetentionLimit, now: number) {
      assertOpen();
      const before = points.length;
      if (retention.unit === 'rows') {
        const kept = new Map<string, number>();
        // Newest first, so each variable keeps its `limit` newest points.
        const newestFirst = points.map((p, i) => ({ p, i })).sort((a, b) => b.p.timestamp - a.p.timestamp || b.i - a.i);
        const keep = new Set<number>();
        for (const { p, i } of newestFirst) {
          const n = kept.get(p.variable) ?? 0;
          if (n < retention.limit) keep.add(i);
          kept.set(p.variable, n + 1);
        }
        points = points.filter((_, i) => keep.has(i));
      } else {
        const cutoff = retentionCutoff(retention, now);
        points = points.filter((p) => p.timestamp > cutoff);
      }
      lastClean = now;
      return before - points.length;
    },
    async lastClean(now) {
      assertOpen();
      lastClean ??= now;
      return lastClean;
    },
    saveParameter(name, value) {
      assertOpen();
      assertStorableParameter(name, value);
      if (value === null) parameters.delete(name);
      else parameters.set(name, value);
    },
    async loadParameters() {
      assertOpen();
      return Object.fromEntries(parameters);
    },
    stats: () => ({ buffered: 0, written, failed: 0, flushSeconds: flushSeconds.snapshot() }),
    dump: async () => textOf(streamDump()),
    streamDump,
    status: () => ({ failing: undefined, full: false }),
    // Nothing to log: memory never fails a write.
    logTo() {},
    async close() {
      closed = true;
    },
  };
}
