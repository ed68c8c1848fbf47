/** Bytes held before a buffered writer passes them on: large enough that a write is rare, small enough to stream. */
const FLUSH_AT = 64 * 1024;

/**
 * Lines gathered into few large writes instead of one console.log each (a log call per line costs
 * more than reading a bounce). `flush` passes on what is held; call it before writing elsewhere
 * (stderr) so the two streams keep their order on a terminal, and at the end.
 */
export class LineBuffer {
  #chunks: string[] = [];
  #size = 0;

  constructor(private readonly write: (text: string) => void) {}

  push(line: string): void {
    this.#chunks.push(line, '\n');
    this.#size += line.length + 1;
    if (this.#size >= FLUSH_AT) this.flush();
  }

  flush(): void {
    if (this.#chunks.length === 0) return;
    const text = this.#chunks.join('');
    this.#chunks = [];
    this.#size = 0;
    this.write(text);
  }
}
