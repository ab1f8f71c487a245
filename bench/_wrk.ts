import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

/** What one wrk run measured. */
export interface WrkResult {
  readonly requests: number;
  readonly rps: number;
  readonly p50: number;
  readonly p99: number;
  readonly failed: number;
}

const run = promisify(execFile);
const scripts = mkdtempSync(join(tmpdir(), 'mvi-bench-wrk-'));
const ms = (text: string): number => {
  const [, value, unit] = /([\d.]+)(us|ms|s)/.exec(text)!;
  return Number(value) * (unit === 'us' ? 0.001 : unit === 's' ? 1000 : 1);
};

/** Options of {@link wrk}. */
export interface WrkOptions {
  readonly seconds?: number;
  readonly connections?: number;
  /** Sent with every request, e.g. `{ authorization: 'Bearer …' }`. */
  readonly headers?: Readonly<Record<string, string>>;
}

// A Lua string literal: JSON's escapes are Lua's for the text we send (quotes, backslashes, ASCII).
const lua = (text: string) => JSON.stringify(text);

/**
 * Loads `url` with wrk (`-t1 -c32` unless told otherwise), POSTing `body` as JSON, or GETting
 * when it is undefined. wrk, not a load generator in Node: on 2 cores one in Node takes a core
 * from the server and squeezes every ratio towards 1.
 */
export async function wrk(url: string, body: string | undefined, { seconds = 5, connections = 32, headers = {} }: WrkOptions = {}): Promise<WrkResult> {
  const script = join(scripts, `${Math.random().toString(36).slice(2)}.lua`);
  const lines = Object.entries(headers).map(([name, value]) => `wrk.headers[${lua(name)}] = ${lua(value)}`);
  if (body !== undefined) lines.push('wrk.method = "POST"', `wrk.body = ${lua(body)}`, 'wrk.headers["Content-Type"] = "application/json"');
  writeFileSync(script, lines.map((line) => `${line}\n`).join(''));
  const { stdout } = await run('wrk', ['-t1', `-c${connections}`, `-d${seconds}s`, '--latency', '-s', script, url]);
  const requests = Number(/(\d+) requests in/.exec(stdout)![1]);
  const failed = Number(/Non-2xx or 3xx responses: (\d+)/.exec(stdout)?.[1] ?? 0) + Number(/Socket errors: .*?(\d+) timeout/.exec(stdout)?.[1] ?? 0);
  return {
    requests,
    rps: Number(/Requests\/sec:\s+([\d.]+)/.exec(stdout)![1]),
    p50: ms(/\s50%\s+(\S+)/.exec(stdout)![1]!),
    p99: ms(/\s99%\s+(\S+)/.exec(stdout)![1]!),
    failed,
  };
}
