import type { IncomingHttpHeaders } from 'node:http';
import type { ConsolaInstance } from 'consola';
import type { Dispatcher } from 'undici';
import type { Upstream, UpstreamReplica } from '../types.ts';
import { CappedBytes } from './_capped-bytes.ts';
import { failureReason } from './_failure-reason.ts';
import { ShadowQueue } from './_shadow-queue.ts';
import { UpstreamPools } from './_upstream-pools.ts';
import type { CopiedRequest, ReadAnswer, VersionStats } from './_version-stats.ts';

/** How the shadows get their copies. */
export interface MirrorSettings {
  readonly logger: ConsolaInstance;
  /** Copies waiting per shadow; more are dropped. */
  readonly queue: number;
  /** Copies in flight per shadow, and so its connections. */
  readonly concurrency: number;
  /** Milliseconds a shadow may take to start answering, and to go on. */
  readonly timeout: number;
  readonly connectTimeout: number;
  /** Bytes of an answer kept for the comparison. */
  readonly compareLimit: number;
}

/** A request to copy: what the shadows get, with the headers main got. */
export interface Copy extends CopiedRequest {
  readonly method: Dispatcher.HttpMethod;
  readonly headers: IncomingHttpHeaders;
}

/**
 * The copy with a body of its own. The body main got is a slice of what the socket read (Node's
 * parser does not copy): a copy that waits seconds for a slow shadow held that slice, and the
 * manager's scavenges promoted ~7x the bytes (2-3 MB per 5 s under load without a shadow, 15-23 MB
 * with a 1 s shadow's full queue; 3 MB with its own body: `--trace-gc-nvp`). Main's answer, which
 * waits beside it, is copied by CappedBytes.
 */
function withOwnBody(copy: Copy): Copy {
  return copy.body === undefined ? copy : { method: copy.method, path: copy.path, headers: copy.headers, body: Buffer.from(copy.body) };
}

function header(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

/**
 * Sends copies of main's requests to the shadows, each on its own queue and its own pool (a
 * slow shadow fills only its own), and records how each answered against main's answer.
 */
export class Mirror {
  readonly #settings: MirrorSettings;
  readonly #stats: (upstream: Upstream) => VersionStats;
  readonly #pools: UpstreamPools;
  readonly #queues = new Map<string, ShadowQueue>();

  constructor(settings: MirrorSettings, stats: (upstream: Upstream) => VersionStats) {
    this.#settings = settings;
    this.#stats = stats;
    this.#pools = new UpstreamPools({
      connections: settings.concurrency,
      headersTimeout: settings.timeout,
      bodyTimeout: settings.timeout,
      connect: { timeout: settings.connectTimeout },
    });
  }

  /**
   * Offers a copy of `copy` to each shadow. When one took it, the result is the function to hand
   * main's answer to once it has ended (undefined: main gave none); the copies compare then.
   */
  send(shadows: readonly Upstream[], copy: Copy): ((main: ReadAnswer | undefined) => void) | undefined {
    // Made only for a shadow with room: under a slow shadow most copies are dropped.
    let settle: ((main: ReadAnswer | undefined) => void) | undefined;
    let main: Promise<ReadAnswer | undefined> | undefined;
    let kept: Copy | undefined;
    for (const shadow of shadows) {
      const stats = this.#stats(shadow);
      const replica = shadow.pick();
      if (replica === undefined) {
        stats.copyFailed('is not running');
        continue;
      }
      const queue = this.#queue(shadow.key);
      if (!queue.hasRoom()) {
        stats.copyDropped();
        continue;
      }
      const answer = (main ??= new Promise((resolve) => (settle = resolve)));
      const request = (kept ??= withOwnBody(copy));
      queue.offer(() => this.#copy(shadow.key, replica, request, stats, answer));
      stats.copySent();
    }
    return settle;
  }

  /** Counts a copy that each shadow did not get because the request's body was too large. */
  skip(shadows: readonly Upstream[]): void {
    for (const shadow of shadows) this.#stats(shadow).copySkipped();
  }

  async forget(key: string): Promise<void> {
    this.#queues.get(key)?.clear();
    this.#queues.delete(key);
    await this.#pools.forget(key);
  }

  /** Drops the waiting copies and cuts those in flight: their answers are only statistics. */
  async close(): Promise<void> {
    for (const queue of this.#queues.values()) queue.clear();
    this.#queues.clear();
    await this.#pools.close(false);
  }

  #queue(key: string): ShadowQueue {
    let queue = this.#queues.get(key);
    if (queue === undefined) this.#queues.set(key, (queue = new ShadowQueue(this.#settings.queue, this.#settings.concurrency)));
    return queue;
  }

  // Settles once the shadow's answer is read, freeing its slot; the comparison waits for main
  // outside of it.
  async #copy(key: string, replica: UpstreamReplica, copy: Copy, stats: VersionStats, main: Promise<ReadAnswer | undefined>): Promise<void> {
    const started = performance.now();
    let answer: ReadAnswer;
    try {
      const response = await this.#pools.of(key, replica.index, replica.origin).request({ method: copy.method, path: copy.path, headers: copy.headers, body: copy.body ?? null });
      const bytes = new CappedBytes(this.#settings.compareLimit);
      for await (const chunk of response.body) bytes.add(chunk);
      answer = { status: response.statusCode, contentType: header(response.headers['content-type']), body: bytes.value, ms: performance.now() - started };
    } catch (error) {
      const reason = failureReason(error);
      // The path without its query: GET arguments stay out of logs.
      this.#settings.logger.debug(`Shadow ${key} ${reason}: ${copy.method} ${copy.path.replace(/\?.*$/s, '')}`);
      stats.copyFailed(reason);
      return;
    }
    void main.then((result) => stats.copyAnswered(copy, answer, result));
  }
}
