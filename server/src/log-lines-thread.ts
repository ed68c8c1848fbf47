import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { LineBatch } from './service/report/line-batch';

/**
 * A log read on a thread of its own: files read (and unzipped), decoded, cut into lines and their
 * Postfix prefixes read there (LineBatcher), while this thread tallies the lines in order. The
 * report is the one read on a single thread by construction: the tally sees every line, in order,
 * with the prefix the same reader read.
 */

/** What the reading thread tells, in the order of the text. */
export type LineThreadMessage =
  | { kind: 'lines'; batch: PostedBatch }
  | { kind: 'source'; name: string }
  | { kind: 'fail'; path: string; why: string }
  | { kind: 'end'; failed: number };

/**
 * A LineBatch as posted: an ASCII piece as its bytes (moved to this thread, not copied; read here
 * as Latin-1, which is a plain copy), any other text as a string (copied by the posting).
 */
export interface PostedBatch {
  texts: Array<string | Uint8Array>;
  rows: Int32Array;
  count: number;
}

/** What the reading thread is given: the inputs, as readLogInputs takes them (no "-": standard input is this thread's). */
export interface LineThreadData {
  paths: string[];
  /** Batches it may read ahead of the tally: memory holds at most these (a piece each). */
  ahead: number;
}

/** A sink of batches of lines: the report's reader. */
export interface BatchSink {
  startSource(name: string): void;
  readBatch(batch: LineBatch): void;
}

/** The bundle of the reading thread, beside this one (dist/log-lines-worker.js). */
const WORKER_FILE = 'log-lines-worker.js';

/** Batches read ahead: enough that the reading thread never waits for the tally's next request. */
const AHEAD = 4;

/**
 * Whether the inputs can be read on a thread of their own: files only (standard input stays this
 * thread's: passed on to another thread, it cost more than it saved), the reading thread's bundle
 * beside this one, and SMTP_LENS_LOG_THREAD not "0".
 */
export function canReadOnThread(paths: readonly string[]): boolean {
  return paths.length > 0 && !paths.includes('-') && process.env.SMTP_LENS_LOG_THREAD !== '0' && existsSync(join(__dirname, WORKER_FILE));
}

/**
 * readLogInputs on a thread of its own (the bundle `workerFile`), the lines handed to `sink` in batches here, in order.
 * Resolves to how many inputs failed; rejects when the thread fails (it is stopped, never left
 * running) or when `sink` throws (the thread is stopped too).
 */
export function readLogInputsOnThread(paths: readonly string[], sink: BatchSink, fail: (path: string, why: string) => void, workerFile = join(__dirname, WORKER_FILE)): Promise<number> {
  return new Promise((resolve, reject) => {
    if (paths.includes('-')) throw new Error('standard input is read on the main thread');
    const data: LineThreadData = { paths: [...paths], ahead: AHEAD };
    const worker = new Worker(workerFile, { workerData: data, stdin: false });
    let settled = false;
    const settle = (error: Error | undefined, failed = 0): void => {
      if (settled) return;
      settled = true;
      void worker.terminate();
      if (error) reject(error);
      else resolve(failed);
    };
    worker.on('message', (message: LineThreadMessage) => {
      if (settled) return;
      try {
        switch (message.kind) {
          case 'lines':
            // Asked for first: the thread reads the next piece while this one is tallied.
            worker.postMessage('more');
            sink.readBatch(receivedBatch(message.batch));
            return;
          case 'source':
            sink.startSource(message.name);
            return;
          case 'fail':
            fail(message.path, message.why);
            return;
          case 'end':
            settle(undefined, message.failed);
            return;
        }
      } catch (error) {
        settle(error instanceof Error ? error : new Error(String(error)));
      }
    });
    worker.on('error', (error) => settle(error));
    worker.on('exit', (code) => settle(new Error(`the log reading thread stopped (exit code ${code}) before the end of the log`)));
  });
}

/** The batch as LineBatcher made it: the bytes of an ASCII piece read as text again. */
function receivedBatch(posted: PostedBatch): LineBatch {
  const texts = posted.texts.map((text) => typeof text === 'string' ? text : Buffer.from(text.buffer, text.byteOffset, text.byteLength).toString('latin1'));
  return { texts, rows: posted.rows, count: posted.count };
}
