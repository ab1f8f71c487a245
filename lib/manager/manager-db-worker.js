// @ts-check
// The manager's PGlite, in a worker thread. PGlite runs each query synchronously on the thread
// that calls it: on the manager's own thread every notification a service posts, every login
// and deploy held up the gateway's requests while it ran. Its heap there also made garbage
// collection dearer for every forwarded request: the gateway module with a PGlite opened beside
// it spent 48-53 µs of CPU per request against 37-43 µs without (bench/gateway.ts's servers,
// though processes of one server vary by up to a third). Plain JavaScript, as
// lib/monitor/pglite-worker.js is, for plain Node to load.
import { PGlite } from '@electric-sql/pglite';
import { templateBlob } from '../monitor/template-blob.js';
import { answerCalls } from '../utilities/_answer-calls.js';

/** @type {PGlite | undefined} */
let pg;

const database = () => {
  if (!pg) throw new Error('the manager database is not open');
  return pg;
};

answerCalls({
  /** @param {{ pgdata?: string, template?: string, settings: string[] }} args */
  async open({ pgdata, template, settings }) {
    pg = await PGlite.create({
      dataDir: pgdata,
      loadDataDir: template ? await templateBlob(template) : undefined,
      startParams: [...PGlite.defaultStartParams, ...settings],
    });
  },

  /** @param {{ sql: string, params: unknown[] }} args */
  async query({ sql, params }) {
    const { rows, affectedRows } = await database().query(sql, params);
    return { rows, affectedRows };
  },

  /** @param {{ sql: string }} args */
  async exec({ sql }) {
    await database().exec(sql);
  },

  async close() {
    await pg?.close();
    pg = undefined;
  },
}, 'manager-db-worker.js');
