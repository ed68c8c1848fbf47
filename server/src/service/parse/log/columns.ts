/** A column of 32-bit integers that grows as a log is read, for values kept per line or per message. */
export class IntColumn {
  private values: Int32Array;
  length = 0;

  constructor(capacity = 1024) {
    this.values = new Int32Array(Math.max(16, capacity));
  }

  push(value: number): void {
    if (this.length === this.values.length) this.grow(this.length + 1);
    this.values[this.length++] = value;
  }

  get(index: number): number {
    return this.values[index];
  }

  set(index: number, value: number): void {
    this.values[index] = value;
  }

  /** Makes the column `length` long, new entries being `fill`. */
  resize(length: number, fill: number): void {
    if (length > this.values.length) this.grow(length);
    if (length > this.length) this.values.fill(fill, this.length, length);
    this.length = length;
  }

  /** The values, in an array of their own length: what a finished model keeps. */
  finish(): Int32Array {
    return this.values.slice(0, this.length);
  }

  /** `finish` for values that fit in a byte (flags). */
  finishBytes(): Uint8Array {
    return new Uint8Array(this.values.subarray(0, this.length));
  }

  private grow(needed: number): void {
    const next = new Int32Array(Math.max(needed, this.values.length * 2));
    next.set(this.values);
    this.values = next;
  }
}
