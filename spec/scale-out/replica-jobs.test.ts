import { describe, expect, it } from 'vitest';
import { killChild } from '../monitor/_child.ts';
import { replicaGroup, type Replica } from './_replicas.ts';

interface Run {
  readonly at: number;
  readonly replica: string;
}

const runsSeen = async (replica: Replica): Promise<Run[]> => {
  const res = await fetch(`${replica.url}/~monitor?start=2000-01-01T00:00:00Z`);
  const { ran } = (await res.json()) as { ran?: { timestamp: string[]; value: string[] } };
  return (ran?.timestamp ?? []).map((t, i) => ({ at: Date.parse(t), replica: ran!.value[i]! }));
};
// A run stores its point after asking the database for the job's lock: on a loaded machine that
// takes from a few to a few hundred ms, which moves the stored times apart or together by as
// much. Two runs of one tick would be that close; runs of consecutive ticks are an interval apart.
const TICK_APART = 500;
const LATE = 500;
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const gaps = (runs: readonly Run[]) => runs.slice(1).map((run, i) => run.at - runs[i]!.at);

/** Polls `replica` until `done` holds for the runs it shows. */
async function waitForRuns(replica: Replica, done: (runs: Run[]) => boolean, timeout: number): Promise<Run[]> {
  const until = Date.now() + timeout;
  for (;;) {
    const runs = await runsSeen(replica);
    if (done(runs)) return runs;
    if (Date.now() > until) throw new Error(`runs seen: ${JSON.stringify(runs)}`);
    await pause(50);
  }
}

describe('a job of three replicas of one version (1 s interval)', () => {
  const start = replicaGroup();

  it('runs once per tick on one replica, and on another within one interval once that one is killed', async () => {
    const replicas = await Promise.all(['r0', 'r1', 'r2'].map((id) => start(id)));
    const [watcher] = replicas;
    // Every replica keeps the schedule; one holds the job.
    const before = await waitForRuns(watcher!, (runs) => runs.length >= 5, 30_000);
    const holder = replicas.find((replica) => replica.id === before[0]!.replica)!;
    expect(new Set(before.map((run) => run.replica))).toEqual(new Set([holder.id]));
    for (const gap of gaps(before)) expect(gap).toSatisfy((ms: number) => ms >= TICK_APART && ms <= 1000 + LATE);

    // Killed right after a run of its own has been stored (so that none of its runs is lost with it).
    const seen = before.length;
    const lastOfHolder = await waitForRuns(watcher === holder ? replicas[1]! : watcher!, (runs) => runs.length > seen, 5000);
    const killedAt = Date.now();
    await killChild(holder.child);
    const survivor = replicas.find((replica) => replica !== holder)!;
    const after = await waitForRuns(survivor, (runs) => runs.filter((run) => run.replica !== holder.id).length >= 3, 15_000);
    const takeover = after.findIndex((run) => run.replica !== holder.id);
    expect(after.slice(0, takeover)).toEqual(lastOfHolder.slice(0, takeover));
    const successor = after[takeover]!;
    // Within one interval of the kill (the successor's next tick), and not before the interval
    // since the holder's last start: a tick never runs twice.
    expect(successor.at - killedAt).toBeLessThanOrEqual(1000 + LATE);
    expect(successor.at - after[takeover - 1]!.at).toBeGreaterThanOrEqual(TICK_APART);
    expect(new Set(after.slice(takeover).map((run) => run.replica))).toEqual(new Set([successor.replica]));
    for (const gap of gaps(after).slice(takeover)) expect(gap).toSatisfy((ms: number) => ms >= TICK_APART && ms <= 1000 + LATE);
  }, 90_000);
});
