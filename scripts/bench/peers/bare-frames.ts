// Framing between the benchmark and the bare pty host over its stdin/stdout pipes (no websocket):
// [type u8][session u32 BE][length u32 BE][payload]. Shared by both ends.

export const FrameType = {
  /** bench -> host: start a shell; payload is JSON {cols, rows}. */
  Open: 1,
  /** bench -> host: keystrokes. */
  Input: 2,
  /** bench -> host: cumulative processed output bytes, payload is a float64 BE. */
  Ack: 3,
  /** bench -> host: kill the shell. */
  Close: 4,
  /** host -> bench: output bytes. */
  Output: 5,
  /** host -> bench: the shell exited. */
  Exit: 6,
} as const;

export const HEADER_BYTES = 9;

export function encodeFrame(type: number, session: number, payload: Uint8Array): Buffer {
  const frame = Buffer.allocUnsafe(HEADER_BYTES + payload.length);
  frame.writeUInt8(type, 0);
  frame.writeUInt32BE(session, 1);
  frame.writeUInt32BE(payload.length, 5);
  frame.set(payload, HEADER_BYTES);
  return frame;
}

export function encodeAck(session: number, bytes: number): Buffer {
  const payload = Buffer.allocUnsafe(8);
  payload.writeDoubleBE(bytes, 0);
  return encodeFrame(FrameType.Ack, session, payload);
}

/** Reassembles frames from a byte stream. */
export class FrameReader {
  private pending: Buffer[] = [];
  private pendingBytes = 0;

  constructor(private readonly onFrame: (type: number, session: number, payload: Buffer) => void) {}

  push(data: Buffer): void {
    this.pending.push(data);
    this.pendingBytes += data.length;
    if (this.pendingBytes < HEADER_BYTES) return;
    let buf = this.pending.length === 1 ? (this.pending[0] as Buffer) : Buffer.concat(this.pending);
    let offset = 0;
    while (buf.length - offset >= HEADER_BYTES) {
      const length = buf.readUInt32BE(offset + 5);
      if (buf.length - offset < HEADER_BYTES + length) break;
      const type = buf.readUInt8(offset);
      const session = buf.readUInt32BE(offset + 1);
      this.onFrame(type, session, buf.subarray(offset + HEADER_BYTES, offset + HEADER_BYTES + length));
      offset += HEADER_BYTES + length;
    }
    buf = buf.subarray(offset);
    this.pending = buf.length > 0 ? [buf] : [];
    this.pendingBytes = buf.length;
  }
}
