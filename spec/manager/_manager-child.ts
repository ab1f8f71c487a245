// A manager in a process of its own, so that a test can kill it as a crash would: prints its
// URL as one JSON line.
import { serveManager } from 'mvi/manager';

const manager = await serveManager({ port: 0, dataDir: process.argv[2], handleSignals: false });
process.stdout.write(`${JSON.stringify({ url: manager.url })}\n`);
