/** What {@link watchHealth} probes, how often, and whom it tells. */
export interface HealthWatchOptions {
  /** One probe: true when healthy. */
  readonly probe: () => Promise<boolean>;
  /** Milliseconds between probes. */
  readonly interval: number;
  /** Failed probes in a row that take it out of the rotation. */
  readonly failures: number;
  /** Whether it is in the rotation when the watch starts. */
  readonly serving: boolean;
  /** Told each time it leaves the rotation (false) or comes back (true). */
  readonly onChange: (serving: boolean) => void;
  /** Writes a line of the manager's to the version's log. */
  readonly note: (line: string) => void;
}

/**
 * Probes a version's process every `interval` ms while it runs: `failures` failed probes in a row
 * take it out of the gateway's rotation, the next one that passes brings it back. Returns the
 * function that stops the watch (a probe in flight then changes nothing).
 */
export function watchHealth(options: HealthWatchOptions): () => void {
  let stopped = false;
  let serving = options.serving;
  let failures = 0;
  let timer: NodeJS.Timeout | undefined;
  const check = async () => {
    const healthy = await options.probe();
    if (stopped) return;
    if (healthy) {
      failures = 0;
      if (!serving) {
        serving = true;
        options.note('answers its health check: in the rotation');
        options.onChange(true);
      }
    } else if (++failures >= options.failures && serving) {
      serving = false;
      options.note(`failed ${failures} health checks in a row: out of the rotation until it passes one`);
      options.onChange(false);
    }
    timer = setTimeout(() => void check(), options.interval);
  };
  timer = setTimeout(() => void check(), options.interval);
  return () => {
    stopped = true;
    clearTimeout(timer);
  };
}
