// The server half of SPDY/3.1 framing, as much as kubectl's port-forward uses (it tunnels SPDY inside a
// WebSocket since 1.31, KEP-4006): SYN_STREAM in, SYN_REPLY out, DATA both ways with FIN, RST_STREAM, PING,
// GOAWAY. Each stream is a Duplex, so a stream can be handed to an http.Server as a connection.
import { Duplex } from 'node:stream';
import { constants as zlibConstants, inflateSync } from 'node:zlib';
import { SPDY3_DICTIONARY } from './spdy-dictionary.js';

const VERSION = 3;
const SYN_STREAM = 1;
const SYN_REPLY = 2;
const RST_STREAM = 3;
const PING = 6;
const GOAWAY = 7;
const FLAG_FIN = 0x01;
/** RST_STREAM status CANCEL: this side abandons the stream. */
const CANCEL = 5;
/** DATA frames stay under SPDY's default 64 KiB window and far under its 16 MiB frame limit. */
const MAX_DATA = 16 * 1024;
const SYNC_FLUSH = Buffer.from([0x00, 0x00, 0x00, 0xff, 0xff]);

/** One SPDY stream: the peer's DATA is what this Duplex reads, what is written goes back as DATA. */
export class SpdyStream extends Duplex {
  private finSent = false;

  constructor(
    private readonly session: SpdySession,
    readonly id: number,
    /** the SYN_STREAM's headers, names lower-cased as SPDY/3 sends them */
    readonly headers: ReadonlyMap<string, string>,
  ) {
    super({ allowHalfOpen: true });
  }

  /** Accepts the stream (kubectl waits for this before it uses the stream). */
  reply(): void {
    this.session.sendControl(SYN_REPLY, 0, Buffer.concat([u32(this.id), this.session.headerBlock([])]));
  }

  // http.Server treats a connection as a net.Socket: these are what it calls on one.
  setTimeout(): this {
    return this;
  }
  setNoDelay(): this {
    return this;
  }
  setKeepAlive(): this {
    return this;
  }

  override _read(): void {}

  override _write(chunk: Buffer, _encoding: BufferEncoding, done: (error?: Error | null) => void): void {
    for (let at = 0; at < chunk.length; at += MAX_DATA) this.session.sendData(this.id, chunk.subarray(at, at + MAX_DATA), false);
    done();
  }

  override _final(done: (error?: Error | null) => void): void {
    this.sendFin();
    done();
  }

  override _destroy(error: Error | null, done: (error?: Error | null) => void): void {
    if (!this.finSent) this.session.reset(this.id);
    this.session.forget(this.id);
    done(error);
  }

  sendFin(): void {
    if (this.finSent) return;
    this.finSent = true;
    this.session.sendData(this.id, Buffer.alloc(0), true);
  }
}

export class SpdySession {
  private pending: Buffer = Buffer.alloc(0);
  private readonly streams = new Map<number, SpdyStream>();
  /** Every header block received so far: one zlib stream per direction, inflated again as a whole. */
  private compressedIn: Buffer = Buffer.alloc(0);
  private inflatedLength = 0;
  /** Output header blocks are zlib stored blocks: no compression state, and any inflater reads them. */
  private zlibHeaderSent = false;
  private lastStreamId = 0;
  private closed = false;

  constructor(
    private readonly send: (bytes: Buffer) => void,
    private readonly onStream: (stream: SpdyStream) => void,
  ) {}

  /** Bytes from the peer, in any chunking. */
  receive(bytes: Buffer): void {
    this.pending = this.pending.length ? Buffer.concat([this.pending, bytes]) : bytes;
    while (this.pending.length >= 8) {
      const length = this.pending.readUIntBE(5, 3);
      if (this.pending.length < 8 + length) return;
      const frame = this.pending.subarray(0, 8 + length);
      this.pending = this.pending.subarray(8 + length);
      this.frame(frame);
    }
  }

  /** The tunnel ended: every stream ends with it. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    for (const stream of this.streams.values()) stream.destroy();
    this.streams.clear();
  }

  /** Says goodbye to the peer (the pod went), then closes. */
  goAway(): void {
    if (!this.closed) this.sendControl(GOAWAY, 0, Buffer.concat([u32(this.lastStreamId), u32(0)]));
    this.close();
  }

  private frame(frame: Buffer): void {
    const flags = frame[4] as number;
    const body = frame.subarray(8);
    if (((frame[0] as number) & 0x80) === 0) {
      this.data(frame.readUInt32BE(0) & 0x7fffffff, flags, body);
      return;
    }
    const type = frame.readUInt16BE(2);
    if (type === SYN_STREAM) this.synStream(body, flags);
    else if (type === RST_STREAM) this.streams.get(body.readUInt32BE(0) & 0x7fffffff)?.destroy();
    else if (type === PING) this.sendControl(PING, 0, body.subarray(0, 4));
    else if (type === GOAWAY) this.close();
    // SETTINGS, WINDOW_UPDATE, HEADERS: nothing the sandbox acts on (its streams are small and short).
  }

  private synStream(body: Buffer, flags: number): void {
    const id = body.readUInt32BE(0) & 0x7fffffff;
    this.lastStreamId = Math.max(this.lastStreamId, id);
    const headers = this.readHeaders(body.subarray(10));
    const stream = new SpdyStream(this, id, headers);
    this.streams.set(id, stream);
    if (flags & FLAG_FIN) stream.push(null);
    this.onStream(stream);
  }

  private data(id: number, flags: number, body: Buffer): void {
    const stream = this.streams.get(id);
    if (!stream) return;
    if (body.length > 0) stream.push(Buffer.from(body));
    if (flags & FLAG_FIN) stream.push(null);
  }

  private readHeaders(block: Buffer): Map<string, string> {
    this.compressedIn = Buffer.concat([this.compressedIn, block]);
    const all = inflateSync(this.compressedIn, { dictionary: SPDY3_DICTIONARY, finishFlush: zlibConstants.Z_SYNC_FLUSH });
    const plain = all.subarray(this.inflatedLength);
    this.inflatedLength = all.length;
    const headers = new Map<string, string>();
    const count = plain.readUInt32BE(0);
    let at = 4;
    for (let i = 0; i < count; i++) {
      const nameLength = plain.readUInt32BE(at);
      const name = plain.toString('utf8', at + 4, at + 4 + nameLength);
      at += 4 + nameLength;
      const valueLength = plain.readUInt32BE(at);
      headers.set(name.toLowerCase(), plain.toString('utf8', at + 4, at + 4 + valueLength));
      at += 4 + valueLength;
    }
    return headers;
  }

  /** A header block continuing this side's zlib stream: a non-final stored block after the zlib header. */
  headerBlock(pairs: Array<[string, string]>): Buffer {
    const parts = [u32(pairs.length)];
    for (const [name, value] of pairs) parts.push(u32(Buffer.byteLength(name)), Buffer.from(name), u32(Buffer.byteLength(value)), Buffer.from(value));
    const plain = Buffer.concat(parts);
    const stored = Buffer.alloc(5);
    stored[0] = 0; // BFINAL 0, BTYPE 00 (stored)
    stored.writeUInt16LE(plain.length, 1);
    stored.writeUInt16LE(~plain.length & 0xffff, 3);
    const head = this.zlibHeaderSent ? Buffer.alloc(0) : Buffer.from([0x78, 0x01]); // deflate, no preset dictionary
    this.zlibHeaderSent = true;
    // An empty stored block ends each header block, as a sync flush does: Go's inflater hands out a block's
    // data only when it meets one, and would otherwise read past the frame and fail for good.
    return Buffer.concat([head, stored, plain, SYNC_FLUSH]);
  }

  sendControl(type: number, flags: number, body: Buffer): void {
    if (this.closed) return;
    const head = Buffer.alloc(8);
    head.writeUInt16BE(0x8000 | VERSION, 0);
    head.writeUInt16BE(type, 2);
    head.writeUInt32BE(body.length, 4);
    head[4] = flags;
    this.send(Buffer.concat([head, body]));
  }

  sendData(id: number, data: Buffer, fin: boolean): void {
    if (this.closed) return;
    const head = Buffer.alloc(8);
    head.writeUInt32BE(id & 0x7fffffff, 0);
    head.writeUInt32BE(data.length, 4);
    head[4] = fin ? FLAG_FIN : 0;
    this.send(Buffer.concat([head, data]));
  }

  reset(id: number): void {
    this.sendControl(RST_STREAM, 0, Buffer.concat([u32(id), u32(CANCEL)]));
  }

  forget(id: number): void {
    this.streams.delete(id);
  }
}

function u32(n: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(n >>> 0);
  return b;
}
