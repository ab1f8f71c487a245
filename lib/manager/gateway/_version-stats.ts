import { answersAgree, type Answer } from './_answers-agree.ts';
import { LatencyRing, type Percentiles } from './_latency-ring.ts';

/** A request as it was copied to the shadows. */
export interface CopiedRequest {
  readonly method: string;
  /** The path the service saw, query included. */
  readonly path: string;
  readonly body: Buffer | undefined;
}

/** An answer read to its end; `body` is undefined when it was over the comparison limit. */
export interface ReadAnswer {
  readonly status: number;
  readonly contentType: string | undefined;
  readonly body: Buffer | undefined;
  /** Milliseconds from sending the request to the answer's last byte. */
  readonly ms: number;
}

/** A body in a sample, cut at {@link SAMPLE_BYTES}. */
export interface SampledBody {
  readonly body: string;
  readonly truncated: boolean;
}

/** A request on which a shadow answered otherwise than main. */
export interface Disagreement {
  /** ISO 8601 time of the comparison. */
  readonly at: string;
  readonly method: string;
  readonly path: string;
  readonly request: SampledBody;
  readonly main: SampledBody & { readonly status: number };
  readonly shadow: SampledBody & { readonly status: number };
}

/** How a version did as a shadow: the copies it got and how its answers compared with main's. */
export interface ShadowSide {
  /** Copies sent to it. */
  readonly mirrored: number;
  /** Copies dropped because its queue was full. */
  readonly dropped: number;
  /** Copies not made because the request's body was over the comparison limit. */
  readonly skipped: number;
  /** Copies it answered with a 5xx status or failed to answer. */
  readonly errors: number;
  /** The last reason it failed to answer a copy. */
  readonly last_error: string | null;
  /** Answers compared with main's, and how many of them agreed. */
  readonly compared: number;
  readonly agreed: number;
  /** `agreed / compared`; null before any comparison. */
  readonly agreement: number | null;
  /** Answers not compared: main's or its own over the limit, or main gave none. */
  readonly not_compared: number;
  /** Its latency on the copies, and main's on the same requests. */
  readonly latency_ms: Percentiles;
  readonly main_latency_ms: Percentiles;
  /** The latest disagreements, newest last. */
  readonly disagreements: readonly Disagreement[];
}

/** One version in `GET /services/~shadow`. */
export interface VersionReport {
  readonly version: string;
  /** Requests it answered to callers: as main, or called by its version. */
  readonly requests: number;
  /** Of those, answers with a 5xx status and requests it failed to answer. */
  readonly errors: number;
  readonly latency_ms: Percentiles;
  readonly shadow: ShadowSide;
}

/** `GET /services/~shadow?name=`: what the gateway counted for each version of a name. */
export interface ShadowReport {
  readonly name: string;
  readonly versions: readonly VersionReport[];
}

/** Bytes of each body a sample keeps. */
export const SAMPLE_BYTES = 4096;

function sampled(body: Buffer | undefined): SampledBody {
  if (body === undefined) return { body: '', truncated: false };
  return { body: body.subarray(0, SAMPLE_BYTES).toString('utf8'), truncated: body.length > SAMPLE_BYTES };
}

// A literal, not `{ ...read, body }`: in Node 20 a spread followed by more properties takes a
// slow path of ~0.3-0.8 µs, once per copy here.
const compared = (read: ReadAnswer, body: Buffer): Answer => ({ status: read.status, contentType: read.contentType, body });

/** What the gateway counted about one version, in a fixed amount of memory. */
export class VersionStats {
  readonly name: string;
  readonly version: string;
  readonly #samples: number;
  #requests = 0;
  #errors = 0;
  readonly #latency: LatencyRing;
  #mirrored = 0;
  #dropped = 0;
  #skipped = 0;
  #copyErrors = 0;
  #lastError: string | null = null;
  #compared = 0;
  #agreed = 0;
  #notCompared = 0;
  readonly #copyLatency: LatencyRing;
  readonly #mainLatency: LatencyRing;
  readonly #disagreements: Disagreement[] = [];

  constructor(name: string, version: string, { latencies, samples }: { readonly latencies: number; readonly samples: number }) {
    this.name = name;
    this.version = version;
    this.#samples = samples;
    this.#latency = new LatencyRing(latencies);
    this.#copyLatency = new LatencyRing(latencies);
    this.#mainLatency = new LatencyRing(latencies);
  }

  /** It answered a caller with `status`. */
  answered(status: number): void {
    this.#requests++;
    if (status >= 500) this.#errors++;
  }

  /** Its answer to a caller ended after `ms`. */
  took(ms: number): void {
    this.#latency.add(ms);
  }

  /** It gave a caller no answer. */
  failed(): void {
    this.#requests++;
    this.#errors++;
  }

  copySent(): void {
    this.#mirrored++;
  }

  copyDropped(): void {
    this.#dropped++;
  }

  copySkipped(): void {
    this.#skipped++;
  }

  copyFailed(reason: string): void {
    this.#copyErrors++;
    this.#lastError = reason;
  }

  /** It answered a copy of `request` with `answer`, and main with `main` (undefined: none). */
  copyAnswered(request: CopiedRequest, answer: ReadAnswer, main: ReadAnswer | undefined): void {
    if (answer.status >= 500) this.#copyErrors++;
    this.#copyLatency.add(answer.ms);
    if (main !== undefined) this.#mainLatency.add(main.ms);
    if (main?.body === undefined || answer.body === undefined) {
      this.#notCompared++;
      return;
    }
    this.#compared++;
    if (answersAgree(compared(main, main.body), compared(answer, answer.body))) {
      this.#agreed++;
      return;
    }
    if (this.#disagreements.length === this.#samples) this.#disagreements.shift();
    this.#disagreements.push({
      at: new Date().toISOString(),
      method: request.method,
      path: request.path,
      request: sampled(request.body),
      main: { status: main.status, ...sampled(main.body) },
      shadow: { status: answer.status, ...sampled(answer.body) },
    });
  }

  report(): VersionReport {
    return {
      version: this.version,
      requests: this.#requests,
      errors: this.#errors,
      latency_ms: this.#latency.percentiles(),
      shadow: {
        mirrored: this.#mirrored,
        dropped: this.#dropped,
        skipped: this.#skipped,
        errors: this.#copyErrors,
        last_error: this.#lastError,
        compared: this.#compared,
        agreed: this.#agreed,
        agreement: this.#compared === 0 ? null : this.#agreed / this.#compared,
        not_compared: this.#notCompared,
        latency_ms: this.#copyLatency.percentiles(),
        main_latency_ms: this.#mainLatency.percentiles(),
        disagreements: [...this.#disagreements],
      },
    };
  }
}
