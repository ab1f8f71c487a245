import { nextCronRun } from '../service/schedule.ts';
import type { JobDefinition, JobSchedule } from '../service/types.ts';
import type { Clock } from './clock.ts';

/** Runs jobs on their schedules, never two runs of one job at once. */
export interface Scheduler {
  /** Schedules every job from now on. */
  start(): void;
  /** Runs a job now (after its current run, if any), outside its schedule. */
  run(name: string): Promise<void>;
  /** Stops scheduling and resolves when the runs in progress have ended. */
  stop(): Promise<void>;
}

/** What the scheduler is told of a run that outlasts its period. */
export interface Overrun {
  /** The job. */
  readonly job: JobDefinition;
  /** When the run started (ms since the epoch). */
  readonly startedAt: number;
}

interface JobState {
  running: Promise<void> | undefined;
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
 * Schedules `jobs` on `clock`. `execute` runs one job and never rejects; `onOverrun` hears of a
 * run still going when its next run is due. An interval counts from the start of each run, an
 * overrunning interval job runs again as soon as it ends, and a cron job skips missed times and
 * runs only at its pattern's times (waitFirst does not apply).
 */
export function createScheduler(
  jobs: readonly JobDefinition[],
  clock: Clock,
  execute: (job: JobDefinition) => Promise<void>,
  onOverrun: (overrun: Overrun) => void,
): Scheduler {
  const states = new Map<string, JobState>();
  let stopped = false;

  const reportOverrun = (job: JobDefinition, state: JobState) => {
    if (state.reported) return;
    state.reported = true;
    onOverrun({ job, startedAt: state.runStart });
  };

  const arm = (job: JobDefinition, state: JobState, at: number) => {
    state.nextDue = at;
    if (Number.isFinite(at)) state.cancel = clock.setTimer(at, () => tick(job, state, at));
  };

  const startRun = (job: JobDefinition, state: JobState): Promise<void> => {
    state.runStart = clock.now();
    state.reported = false;
    arm(job, state, nextDue(job.schedule, state.runStart));
    state.running = execute(job).finally(() => {
      state.running = undefined;
      if (clock.now() > state.nextDue) reportOverrun(job, state);
      if (state.runWhenDone && !stopped) {
        state.runWhenDone = false;
        state.cancel();
        void startRun(job, state);
      }
    });
    return state.running;
  };

  // Returns the run it starts, so a test clock can let it settle.
  const tick = (job: JobDefinition, state: JobState, at: number): Promise<void> | undefined => {
    if (stopped) return undefined;
    if (!state.running) return startRun(job, state);
    reportOverrun(job, state);
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
    states.set(job.name, { running: undefined, runStart: 0, nextDue: 0, reported: false, runWhenDone: false, cancel: () => {} });
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
      const run = execute(job);
      state.running = run.finally(() => {
        state.running = undefined;
      });
      await state.running;
    },
    async stop() {
      stopped = true;
      for (const state of states.values()) state.cancel();
      await Promise.all([...states.values()].map((s) => s.running));
    },
  };
}
