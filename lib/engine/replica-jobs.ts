import type { ConsolaInstance } from 'consola';
import type { ReplicaCoordination } from '../monitor/types.ts';
import type { JobDefinition } from '../service/types.ts';
import type { Clock } from './clock.ts';
import type { Scheduler } from './scheduler.ts';

/**
 * Wraps `execute` so that each job runs on one replica of the version at a time: every replica
 * keeps the schedule, and at each tick runs the job only where its lock is held. A replica that
 * takes an interval job over from one that stopped starts counting from the job's last start
 * there, so the job keeps its period across the change (a cron job keeps its pattern's times).
 * A tick whose lock cannot be asked for (the database is away) is skipped: two runs are worse
 * than none.
 */
export function coordinateJobs(
  replicas: ReplicaCoordination,
  clock: Clock,
  scheduler: () => Scheduler,
  execute: (job: JobDefinition) => Promise<void>,
  log: ConsolaInstance,
): (job: JobDefinition, manual: boolean) => Promise<void> {
  const unreachable = new Set<string>();
  return async (job, manual) => {
    // A run asked for by name runs here, whoever holds the schedule.
    if (manual) return execute(job);
    let claim;
    try {
      claim = await replicas.claimJob(job.name);
    } catch (error) {
      if (!unreachable.has(job.name)) log.warn(`Job "${job.name}" is skipped until the database answers again: it decides which replica runs it`, error);
      unreachable.add(job.name);
      return;
    }
    if (unreachable.delete(job.name)) log.info(`Job "${job.name}" is scheduled again: the database answers`);
    if (!claim) return;
    const now = clock.now();
    if (claim.taken) {
      log.info(`Job "${job.name}" runs on this replica (${replicas.replicaId}) from now on`);
      const due = job.schedule.kind === 'interval' && claim.lastStart !== undefined ? claim.lastStart + job.schedule.ms : now;
      if (due > now) return scheduler().reschedule(job.name, due);
    }
    await replicas.noteJobStart(job.name, now).catch((error: unknown) => log.warn(`Could not note the start of job "${job.name}" for the other replicas`, error));
    await execute(job);
  };
}
