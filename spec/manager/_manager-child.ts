// A manager in a process of its own, so that a test can kill it as a crash would: prints its
// URL as one JSON line.
import { startManager } from '../../lib/manager/_start-manager.ts';
import { testComponents } from './_test-components.ts';

const manager = await startManager({ port: 0, dataDir: process.argv[2], handleSignals: false }, testComponents().make);
process.stdout.write(`${JSON.stringify({ url: manager.url })}\n`);
