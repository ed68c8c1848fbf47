import { parentPort, workerData } from 'node:worker_threads';
import { readLogInputs } from './log-input';
import type { LineThreadData, LineThreadMessage } from './log-lines-thread';
import { LineBatcher } from './service/report/line-batch';

/**
 * The reading thread of readLogInputsOnThread: reads the inputs, cuts their lines and reads their
 * prefixes (LineBatcher), and posts the batches in order, at most `ahead` batches before the
 * tally asks for more.
 */
async function main(port: NonNullable<typeof parentPort>, data: LineThreadData): Promise<void> {
  const batcher = new LineBatcher();
  let credit = data.ahead;
  let wake: (() => void) | undefined;
  port.on('message', (message: unknown) => {
    if (message !== 'more') return;
    credit++;
    const waiting = wake;
    wake = undefined;
    waiting?.();
  });
  const post = (message: LineThreadMessage, moved: ArrayBuffer[] = []): void => port.postMessage(message, moved);
  /** Posts the lines gathered so far; the piece `text`, when ASCII, as a copy of its `bytes` that is moved, not copied again. */
  const send = (text?: string, bytes?: Uint8Array): void => {
    const batch = batcher.take();
    if (!batch) return;
    const moved: ArrayBuffer[] = [batch.rows.buffer as ArrayBuffer];
    const texts = batch.texts.map((t): string | Uint8Array => {
      if (bytes === undefined || t !== text) return t;
      const copy = new Uint8Array(bytes);
      moved.push(copy.buffer);
      return copy;
    });
    post({ kind: 'lines', batch: { texts, rows: batch.rows, count: batch.count } }, moved);
    credit--;
  };
  /** Waits while the tally has `ahead` batches it has not asked past. */
  const ready = async (): Promise<void> => {
    while (credit <= 0) await new Promise<void>((resolve) => (wake = resolve));
  };
  const failed = await readLogInputs(data.paths, {
    startSource(name) {
      // The lines of the input before, then the new input.
      batcher.flush();
      send();
      post({ kind: 'source', name });
    },
    push(text, bytes) {
      batcher.push(text);
      send(text, bytes);
      return credit > 0 ? undefined : ready();
    },
  }, (path, why) => post({ kind: 'fail', path, why }));
  batcher.flush();
  send();
  post({ kind: 'end', failed });
  port.close();
}

if (parentPort) void main(parentPort, workerData as LineThreadData);
