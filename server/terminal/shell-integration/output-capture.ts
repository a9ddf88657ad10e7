// Keeps a command's output for its event: the first and the last bytes up to a cap, because a checker wants
// both a table's header and a log's final lines, while `yes` must not grow memory.
import stripAnsi from 'strip-ansi';

/** Bytes kept from the start of a command's output. */
export const CAPTURE_HEAD_BYTES = 32 * 1024;
/** Bytes kept from the end of a command's output. */
export const CAPTURE_TAIL_BYTES = 32 * 1024;

export class OutputCapture {
  private readonly head = new Uint8Array(CAPTURE_HEAD_BYTES);
  private headLength = 0;
  private readonly tail = new Uint8Array(CAPTURE_TAIL_BYTES);
  /** Total bytes written to the tail ring; its last CAPTURE_TAIL_BYTES are kept. */
  private tailWritten = 0;

  write(bytes: Uint8Array): void {
    let rest = bytes;
    if (this.headLength < this.head.length) {
      const n = Math.min(rest.length, this.head.length - this.headLength);
      this.head.set(rest.subarray(0, n), this.headLength);
      this.headLength += n;
      rest = rest.subarray(n);
    }
    if (rest.length === 0) return;
    if (rest.length > this.tail.length) {
      // Only the last tail-length bytes can survive; count the skipped ones as written.
      this.tailWritten += rest.length - this.tail.length;
      rest = rest.subarray(rest.length - this.tail.length);
    }
    for (let offset = 0; offset < rest.length; ) {
      const pos = (this.tailWritten + offset) % this.tail.length;
      const n = Math.min(rest.length - offset, this.tail.length - pos);
      this.tail.set(rest.subarray(offset, offset + n), pos);
      offset += n;
    }
    this.tailWritten += rest.length;
  }

  /** Total bytes seen. */
  get size(): number {
    return this.headLength + this.tailWritten;
  }

  /** The kept output as text: ANSI stripped, line endings normalised, overwritten line parts dropped. */
  text(): { output: string; truncated: boolean } {
    const decoder = new TextDecoder();
    const head = decoder.decode(this.head.subarray(0, this.headLength));
    if (this.tailWritten === 0) return { output: cleanText(head), truncated: false };
    const kept = Math.min(this.tailWritten, this.tail.length);
    const start = (this.tailWritten - kept) % this.tail.length;
    const tailBytes = new Uint8Array(kept);
    const first = Math.min(kept, this.tail.length - start);
    tailBytes.set(this.tail.subarray(start, start + first));
    tailBytes.set(this.tail.subarray(0, kept - first), first);
    const tail = new TextDecoder().decode(tailBytes);
    const omitted = this.tailWritten - kept;
    if (omitted === 0) return { output: cleanText(head + tail), truncated: false };
    return {
      output: `${cleanText(head)}\n[... ${omitted} bytes of output omitted ...]\n${cleanText(tail)}`,
      truncated: true,
    };
  }
}

/** What a person would read: escapes removed, CRLF as LF, text after a carriage return overwrites the
 * start of its line as on a terminal (progress bars keep their last state). */
export function cleanText(raw: string): string {
  return stripAnsi(raw)
    .split('\n')
    .map((line) => (line.includes('\r') ? overwrite(line) : line))
    .join('\n');
}

function overwrite(line: string): string {
  const cells: string[] = [];
  let col = 0;
  for (const ch of line) {
    if (ch === '\r') col = 0;
    else cells[col++] = ch;
  }
  return cells.join('');
}
