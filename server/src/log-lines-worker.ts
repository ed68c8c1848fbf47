import { parentPort, workerData } from 'node:worker_threads';
import { readLogInputs } from './log-input';
import type { LineThreadData, LineThreadMessage } from './log-lines-thread';
import { LineBatcher } from './service/report/line-batch';

/** Lines a batch gathers before it is posted (a file's small pieces are posted several at once). */
const BATCH_LINES = 8192;

/**
 * The reading thread of readLogInputsOnThread: reads the input files, cuts their lines and reads what the tally counts in them (LineBatcher), and posts
 * the batches in order, at most `ahead` batches before the tally asks for more.
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
  /** The ASCII pieces of the batch being gathered with their bytes: posted as bytes, which are moved, not copied. */
  let pieces: Array<{ text: string; bytes: Uint8Array }> = [];
  /** Posts the lines gathered so far. */
  const send = (): void => {
    const batch = batcher.take();
    const ascii = pieces;
    pieces = [];
    if (!batch) return;
    const moved: ArrayBuffer[] = [batch.rows.buffer as ArrayBuffer];
    const texts = batch.texts.map((text): string | Uint8Array => {
      const piece = ascii.find((p) => p.text === text);
      if (!piece) return text;
      // A copy in memory of its own (a piece may share its memory with the next ones: zlib's output does).
      const copy = new Uint8Array(piece.bytes.length);
      copy.set(piece.bytes);
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
      if (bytes) pieces.push({ text, bytes });
      if (batcher.size < BATCH_LINES) return undefined;
      send();
      return credit > 0 ? undefined : ready();
    },
  }, (path, why) => post({ kind: 'fail', path, why }));
  batcher.flush();
  send();
  post({ kind: 'end', failed });
  port.close();
}

if (parentPort) void main(parentPort, workerData as LineThreadData);
