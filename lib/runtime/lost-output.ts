// A process outlives what reads its output when a manager is killed with kill -9: its services'
// pipes are left without a reader, and the next log line fails with EPIPE, an 'error' event
// nobody handled, which ended the process and lost the points it had not flushed yet. The log
// is lost; the service goes on serving until it is stopped (the manager that comes back stops
// it with SIGTERM, which flushes).
const GONE: ReadonlySet<string> = new Set(['EPIPE', 'ERR_STREAM_DESTROYED']);
let watching = false;

/** Keeps the process running when its stdout or stderr can no longer be written; once per process. */
export function surviveLostOutput(): void {
  if (watching) return;
  watching = true;
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (error: NodeJS.ErrnoException) => {
      if (!GONE.has(error.code ?? '')) throw error;
    });
  }
}
