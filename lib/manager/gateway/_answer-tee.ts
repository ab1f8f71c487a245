import { Transform, type Readable } from 'node:stream';
import { CappedBytes } from './_capped-bytes.ts';

/**
 * Main's answer as the caller reads it, with a copy of its bytes kept on the way (up to
 * `limit`) for comparing the shadows' answers: the caller gets each chunk as soon as it comes.
 * `ended` gets the copy (undefined past the limit) once the last byte passed, or nothing when
 * the answer was cut (the upstream failed, or the caller went away).
 */
export function teeAnswer(body: Readable, limit: number, ended: (bytes: Buffer | undefined) => void, cut: () => void): Readable {
  const bytes = new CappedBytes(limit);
  let done = false;
  const tee = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      bytes.add(chunk);
      callback(null, chunk);
    },
    flush(callback) {
      done = true;
      ended(bytes.value);
      callback();
    },
  });
  tee.once('close', () => {
    if (!done) cut();
    // The caller went away: the upstream's answer is cut too.
    body.destroy();
  });
  body.once('error', (error) => tee.destroy(error));
  body.pipe(tee);
  return tee;
}
