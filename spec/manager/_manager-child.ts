// A manager in a process of its own, so that a test can kill it as a crash would: prints its
// URL and an admin token as one JSON line.
import { startManager } from '../../lib/manager/_start-manager.ts';
import { testComponents } from './_test-components.ts';

const { make, made } = testComponents();
const manager = await startManager({ port: 0, dataDir: process.argv[2], handleSignals: false }, make);
process.stdout.write(`${JSON.stringify({ url: manager.url, admin: made.auth!.mint('admin') })}\n`);
