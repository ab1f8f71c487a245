import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';
import { postgresSchemaOf } from '../../lib/monitor/postgres-schema.ts';
import { killChild } from '../monitor/_child.ts';
import { TEST_DATABASE_URL, testSchemas, uniqueName } from '../monitor/_postgres.ts';

/** A replica process and where it answers. */
export interface Replica {
  readonly id: string;
  readonly url: string;
  readonly child: ChildProcess;
}

/**
 * Starts replicas of `spec/scale-out/_replica.ts` against the test server, all of one service
 * version of a name no other run uses; every one is killed and the schema dropped after the file.
 */
export function replicaGroup(env: Record<string, string> = {}): (id: string) => Promise<Replica> {
  const name = uniqueName('replicated');
  testSchemas()(postgresSchemaOf(name, '1.0.0'));
  const dataDir = mkdtempSync(join(tmpdir(), 'mvi-replicas-'));
  const started: ChildProcess[] = [];
  afterAll(async () => {
    await Promise.all(started.map((child) => killChild(child)));
    rmSync(dataDir, { recursive: true, force: true });
  });
  return (id) => {
    const child = spawn(process.execPath, ['--conditions=mvi-source', '--import', 'tsx', 'spec/scale-out/_replica.ts'], {
      env: { ...process.env, ...env, MVI_DATABASE_URL: TEST_DATABASE_URL, MVI_SERVICE_NAME: name, MVI_SERVICE_VERSION: '1.0.0', MVI_REPLICA_ID: id, MVI_DATA_DIR: dataDir },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    started.push(child);
    return new Promise((resolve, reject) => {
      let output = '';
      const onData = (chunk: Buffer) => {
        output += chunk.toString();
        const url = /ready (\S+)/.exec(output)?.[1];
        if (!url) return;
        child.off('exit', early);
        resolve({ id, url, child });
      };
      const early = (code: number | null) => reject(new Error(`replica ${id} exited with ${code}:\n${output}`));
      child.stdout!.on('data', onData);
      child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
      child.once('exit', early);
    });
  };
}
