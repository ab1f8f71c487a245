import * as v from 'valibot';

/** The most replicas one version may run on one manager: each is a process on its machine. */
export const MAX_REPLICAS = 16;

/** How many processes a version runs (`replicas` of `POST /services/`, `mvi deploy --replicas`): a whole number from 1 to {@link MAX_REPLICAS}. */
export const ReplicaCountSchema = v.pipe(
  v.number('replicas is a number of processes'),
  v.integer('replicas is a whole number'),
  v.minValue(1, 'replicas is at least 1'),
  v.maxValue(MAX_REPLICAS, `replicas is at most ${MAX_REPLICAS}`),
);
