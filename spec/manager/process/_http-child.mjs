// A stand-in service for the process supervisor's tests: listens on PORT and does what its
// environment says (crash, ignore SIGTERM or take a while to exit, leave a child behind, never answer, answer only once let go, fail its health check).
import { spawn } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';

const env = process.env;
console.log(`child ${process.pid} starting`);
if (env.EXIT_AT_ONCE) {
  console.error('failing on purpose');
  process.exit(3);
}
if (env.IGNORE_TERM) process.on('SIGTERM', () => console.log('ignoring SIGTERM'));
if (env.TERM_DELAY) {
  process.on('SIGTERM', () => setTimeout(() => {
    console.log('exiting after SIGTERM');
    process.exit(0);
  }, Number(env.TERM_DELAY)));
}
if (env.GRANDCHILD_PID_FILE) {
  const grandchild = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
  writeFileSync(env.GRANDCHILD_PID_FILE, String(grandchild.pid));
}
const listen = () => {
  createServer((req, res) => {
    // SICK_FILE: its health check answers 503 while that file exists.
    if (env.SICK_FILE && req.url === '/~health' && existsSync(env.SICK_FILE)) res.statusCode = 503;
    res.end(JSON.stringify({ pid: process.pid, path: req.url }));
  }).listen(Number(env.PORT), '127.0.0.1');
};
if (env.NEVER_LISTEN) setInterval(() => {}, 1000);
// HOLD_FILE: listens once that file is gone, so that a test decides when its start ends.
else if (env.HOLD_FILE) {
  const holding = setInterval(() => {
    if (existsSync(env.HOLD_FILE)) return;
    clearInterval(holding);
    listen();
  }, 20);
} else listen();
if (env.CRASH_AFTER) setTimeout(() => process.exit(1), Number(env.CRASH_AFTER));
