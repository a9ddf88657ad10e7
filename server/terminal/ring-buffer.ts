// The recent output of a shell, addressed by absolute byte offset (the count of bytes since the shell started),
// so a page that reconnects says "I have N bytes" and gets exactly the rest. Grows on demand up to its capacity,
// then overwrites the oldest bytes: idle sessions stay small.

const INITIAL_BYTES = 16 * 1024;

export class RingBuffer {
  private buf: Uint8Array;
  /** Absolute offset one past the newest byte. */
  private endOffset = 0;

  constructor(readonly capacity: number) {
    this.buf = new Uint8Array(Math.min(INITIAL_BYTES, capacity));
  }

  /** Offset of the oldest byte still kept. */
  get start(): number {
    return Math.max(0, this.endOffset - Math.min(this.endOffset, this.buf.length));
  }

  /** Offset one past the newest byte (total bytes ever appended). */
  get end(): number {
    return this.endOffset;
  }

  /** Bytes of memory held. */
  get allocated(): number {
    return this.buf.length;
  }

  append(bytes: Uint8Array): void {
    this.grow(bytes.length);
    let data = bytes;
    if (data.length > this.buf.length) {
      this.endOffset += data.length - this.buf.length;
      data = data.subarray(data.length - this.buf.length);
    }
    const len = this.buf.length;
    const pos = this.endOffset % len;
    const first = Math.min(data.length, len - pos);
    this.buf.set(data.subarray(0, first), pos);
    this.buf.set(data.subarray(first), 0);
    this.endOffset += data.length;
  }

  /** A copy of bytes [from, to); from must be >= start and to <= end. */
  slice(from: number, to: number = this.endOffset): Uint8Array {
    const out = new Uint8Array(to - from);
    this.copyTo(out, 0, from, to);
    return out;
  }

  /** Copies bytes [from, to) into target at targetOffset (one copy, for building frames in place). */
  copyTo(target: Uint8Array, targetOffset: number, from: number, to: number): void {
    if (from < this.start || to > this.endOffset || from > to) {
      throw new RangeError(`range ${from}..${to} outside ${this.start}..${this.endOffset}`);
    }
    const count = to - from;
    const len = this.buf.length;
    const pos = from % len;
    const first = Math.min(count, len - pos);
    target.set(this.buf.subarray(pos, pos + first), targetOffset);
    target.set(this.buf.subarray(0, count - first), targetOffset + first);
  }

  private grow(incoming: number): void {
    if (this.buf.length >= this.capacity) return;
    const needed = Math.min(this.capacity, this.endOffset + incoming);
    if (needed <= this.buf.length) return;
    let size = this.buf.length;
    while (size < needed) size *= 2;
    size = Math.min(size, this.capacity);
    // Until the first wrap, data lives at [0, endOffset): positions stay valid after copying.
    const next = new Uint8Array(size);
    next.set(this.buf.subarray(0, this.endOffset));
    this.buf = next;
  }
}
