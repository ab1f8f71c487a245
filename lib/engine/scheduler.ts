import { nextCronRun } from '../service/schedule.ts';
import type { JobDefinition, JobSchedule } from '../service/types.ts';
import type { Clock } from './clock.ts';

/** Runs jobs on their schedules, never two runs of one job at once. */
export interface Scheduler {
  /** Schedules every job from now on. */
  start(): void;
  /** Runs a job now (after its current run, if any), outside its schedule. */
  run(name: string): Promise<void>;
  /** Moves a job's next scheduled run to `at` (ms since the epoch); its runs then count from there. */
  reschedule(name: string, at: number): void;
  /** Stops scheduling and waits up to `graceMs` for the runs in progress; resolves to the jobs still running then. */
  stop(graceMs: number): Promise<string[]>;
}

interface JobState {
  running: Promise<void> | undefined;
  manual: boolean;
  runStart: number;
  nextDue: number;
  reported: boolean;
  runWhenDone: boolean;
  cancel: () => void;
}

function nextDue(schedule: JobSchedule, from: number): number {
  if (schedule.kind === 'interval') return from + schedule.ms;
  return nextCronRun(schedule.pattern, from) ?? Number.POSITIVE_INFINITY;
}

/**
 * Schedules `jobs` on `clock`. `execute` runs one job (told whether by `run()`) and never rejects; `onOverrun` hears of a
 * run still going when its next run is due (once per run), `onDueWhileBusy` of each time a run
 * falls due while the previous scheduled run is still busy. An interval counts from the start
 * of each run, an overrunning interval job runs again as soon as it ends, and a cron job skips
 * missed times and runs only at its pattern's times (waitFirst does not apply).
 */
export function createScheduler(
  jobs: readonly JobDefinition[],
  clock: Clock,
  execute: (job: JobDefinition, manual: boolean) => Promise<void>,
  onOverrun: (job: JobDefinition) => void,
  onDueWhileBusy: (job: JobDefinition) => void = () => {},
): Scheduler {
  const states = new Map<string, JobState>();
  let stopped = false;

  const reportOverrun = (job: JobDefinition, state: JobState) => {
    if (state.reported) return;
    state.reported = true;
    onOverrun(job);
  };

  const arm = (job: JobDefinition, state: JobState, at: number) => {
    state.nextDue = at;
    if (Number.isFinite(at)) state.cancel = clock.setTimer(at, () => tick(job, state, at));
  };

  // A manual run (run()) leaves the schedule's timer alone and is never an overrun.
  const begin = (job: JobDefinition, state: JobState, manual: boolean): Promise<void> => {
    state.manual = manual;
    state.runStart = clock.now();
    state.reported = false;
    if (!manual) arm(job, state, nextDue(job.schedule, state.runStart));
    state.running = execute(job, manual).finally(() => finish(job, state));
    return state.running;
  };

  const finish = (job: JobDefinition, state: JobState) => {
    state.running = undefined;
    if (!state.manual && clock.now() > state.nextDue) reportOverrun(job, state);
    if (state.runWhenDone && !stopped) {
      state.runWhenDone = false;
      state.cancel();
      void begin(job, state, false);
    }
  };

  // Returns the run it starts, so a test clock can let it settle.
  const tick = (job: JobDefinition, state: JobState, at: number): Promise<void> | undefined => {
    if (stopped) return undefined;
    if (!state.running) return begin(job, state, false);
    if (!state.manual) {
      onDueWhileBusy(job);
      reportOverrun(job, state);
    }
    if (job.schedule.kind === 'interval') state.runWhenDone = true;
    else arm(job, state, nextDue(job.schedule, at));
    return undefined;
  };

  const stateOf = (name: string): JobState => {
    const state = states.get(name);
    if (!state) throw new Error(`Unknown job "${name}"`);
    return state;
  };

  for (const job of jobs) {
    states.set(job.name, { running: undefined, manual: false, runStart: 0, nextDue: 0, reported: false, runWhenDone: false, cancel: () => {} });
  }

  return {
    start() {
      const now = clock.now();
      for (const job of jobs) {
        const state = stateOf(job.name);
        // A cron job runs at its pattern's times only; an interval job at start unless waitFirst.
        const first = job.schedule.kind === 'cron' || job.waitFirst ? nextDue(job.schedule, now) : now;
        arm(job, state, first);
      }
    },
    async run(name) {
      const state = stateOf(name);
      const job = jobs.find((j) => j.name === name)!;
      while (state.running) await state.running;
      await begin(job, state, true);
    },
    reschedule(name, at) {
      const state = stateOf(name);
      if (stopped) return;
      state.cancel();
      arm(jobs.find((j) => j.name === name)!, state, at);
    },
    async stop(graceMs) {
      stopped = true;
      for (const state of states.values()) state.cancel();
      const running = [...states].filter(([, state]) => state.running);
      let timer: NodeJS.Timeout | undefined;
      // Real time, not the clock's: a test clock does not move while the runtime closes.
      const grace = new Promise<'timeout'>((resolve) => (timer = setTimeout(resolve, graceMs, 'timeout')));
      const outcome = await Promise.race([Promise.all(running.map(([, state]) => state.running)), grace]);
      clearTimeout(timer);
      return outcome === 'timeout' ? running.filter(([, state]) => state.running).map(([name]) => name) : [];
    },
  };
}
