import type { ProcessStatus, Upstream, UpstreamReplica } from '../types.ts';

/** What the rotation reads of a replica: where it listens, and whether it serves right now. */
export interface RotatingReplica {
  readonly origin: string;
  readonly status: ProcessStatus;
}

/**
 * The {@link Upstream} of a version with its replicas: each request goes to the next one that is
 * `running`, round robin. When every live replica fails its health checks, they still get the
 * requests: a probe that times out under load must not turn a whole version into 503s.
 */
export class ReplicaRotation implements Upstream {
  readonly key: string;
  readonly name: string;
  readonly version: string;
  readonly #replicas: readonly RotatingReplica[];
  // Made once, so that a pick allocates nothing.
  readonly #targets: readonly UpstreamReplica[];
  #next = 0;

  constructor(key: string, name: string, version: string, replicas: readonly RotatingReplica[]) {
    this.key = key;
    this.name = name;
    this.version = version;
    this.#replicas = replicas;
    this.#targets = replicas.map(({ origin }, index) => ({ index, origin }));
  }

  pick(): UpstreamReplica | undefined {
    return this.#first('running') ?? this.#first('unhealthy');
  }

  #first(status: ProcessStatus): UpstreamReplica | undefined {
    const replicas = this.#replicas;
    const count = replicas.length;
    for (let i = 0, at = this.#next; i < count; i++, at = at + 1 === count ? 0 : at + 1) {
      if (replicas[at]!.status !== status) continue;
      this.#next = at + 1 === count ? 0 : at + 1;
      return this.#targets[at];
    }
    return undefined;
  }
}
