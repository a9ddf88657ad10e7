// Finds shell-integration OSC sequences (OSC 133 / OSC 633) in the pty byte stream, across chunk boundaries.
// Everything else, other OSC sequences included, passes through as data untouched. The parser only reads: the
// bytes sent to the page are the pty's own, so this never changes what the learner sees.

const ESC = 0x1b;
const BEL = 0x07;
const RIGHT_BRACKET = 0x5d; // ']'
const BACKSLASH = 0x5c;

/** An OSC payload longer than this is not ours (ours are at most a command line): drop it as data. */
export const MAX_OSC_BYTES = 64 * 1024;

export type OscToken = { type: 'data'; bytes: Uint8Array } | { type: 'osc'; payload: string };

const OUR_PREFIXES = ['133;', '633;'];

function isOurs(payloadStart: Uint8Array): boolean {
  // Decide early from the first four bytes so that other OSC sequences (titles, hyperlinks) never buffer.
  const head = String.fromCharCode(...payloadStart.subarray(0, 4));
  return OUR_PREFIXES.some((p) => p.startsWith(head) || head.startsWith(p));
}

/**
 * Streaming tokenizer. Feed it pty chunks in order; it calls back with data runs and complete OSC 133/633
 * payloads in stream order. State between chunks: a pending ESC at the end of a chunk, or an unfinished OSC.
 */
export class OscParser {
  /** Bytes of an unfinished sequence carried over from previous chunks (starting with ESC). */
  private carry: Uint8Array | undefined;
  private readonly decoder = new TextDecoder();

  constructor(private readonly emit: (token: OscToken) => void) {}

  write(chunk: Uint8Array): void {
    let buf = chunk;
    if (this.carry) {
      const joined = new Uint8Array(this.carry.length + chunk.length);
      joined.set(this.carry);
      joined.set(chunk, this.carry.length);
      buf = joined;
      this.carry = undefined;
    }
    let dataStart = 0;
    let i = 0;
    while (i < buf.length) {
      const esc = buf.indexOf(ESC, i);
      if (esc === -1) break;
      if (esc + 1 >= buf.length) {
        // A lone ESC at the end: it may start our sequence; decide with the next chunk.
        this.flushData(buf, dataStart, esc);
        this.carry = buf.slice(esc);
        return;
      }
      if (buf[esc + 1] !== RIGHT_BRACKET) {
        i = esc + 1;
        continue;
      }
      const payloadStart = esc + 2;
      const available = buf.subarray(payloadStart, Math.min(buf.length, payloadStart + 4));
      if (!isOurs(available)) {
        i = payloadStart;
        continue;
      }
      const end = findTerminator(buf, payloadStart);
      if (end === undefined) {
        if (buf.length - payloadStart > MAX_OSC_BYTES) {
          // Too long to be ours: give it up as data.
          i = payloadStart;
          continue;
        }
        this.flushData(buf, dataStart, esc);
        this.carry = buf.slice(esc);
        return;
      }
      if (end === 'aborted') {
        // Interrupted by another escape sequence, as xterm.js drops it: not a mark, just data.
        i = payloadStart;
        continue;
      }
      this.flushData(buf, dataStart, esc);
      const payload = this.decoder.decode(buf.subarray(payloadStart, end.payloadEnd));
      this.emit({ type: 'osc', payload });
      i = end.next;
      dataStart = i;
    }
    this.flushData(buf, dataStart, buf.length);
  }

  /** Hands any carried-over bytes out as data (the stream ended mid-sequence). */
  end(): void {
    if (this.carry) {
      const rest = this.carry;
      this.carry = undefined;
      this.emit({ type: 'data', bytes: rest });
    }
  }

  private flushData(buf: Uint8Array, from: number, to: number): void {
    if (to > from) this.emit({ type: 'data', bytes: buf.subarray(from, to) });
  }
}

function findTerminator(
  buf: Uint8Array,
  from: number,
): { payloadEnd: number; next: number } | 'aborted' | undefined {
  for (let j = from; j < buf.length; j++) {
    const b = buf[j];
    if (b === BEL) return { payloadEnd: j, next: j + 1 };
    if (b === ESC) {
      if (j + 1 >= buf.length) return undefined; // ESC \ may be split: wait for more.
      if (buf[j + 1] === BACKSLASH) return { payloadEnd: j, next: j + 2 };
      return 'aborted';
    }
    if (b === 0x18 || b === 0x1a) return 'aborted'; // CAN / SUB cancel a sequence
  }
  return undefined;
}
