// Takes the lock of the folder in argv[2] in its own process, prints `ready`, and holds it
// until it is killed.
import { lockDataDir } from '../../lib/monitor/data-dir-lock.ts';

await lockDataDir(process.argv[2]!);
console.log('ready');
setInterval(() => {}, 60_000);
