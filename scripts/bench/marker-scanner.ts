// Finds a marker (the end of a prompt) in a stream of chunks, including a marker split across two chunks.
import type { Chunk } from './types.js';

export class MarkerScanner {
  private readonly text: string;
  private readonly bytes: Buffer;
  private tailText = '';
  private tailBytes: Buffer = Buffer.alloc(0);

  constructor(marker: string) {
    if (marker.length === 0) throw new Error('empty marker');
    this.text = marker;
    this.bytes = Buffer.from(marker, 'utf8');
  }

  /** Feeds the next chunk of the stream; true when a marker ends inside it. */
  feed(chunk: Chunk): boolean {
    return typeof chunk === 'string' ? this.feedText(chunk) : this.feedBytes(chunk);
  }

  reset(): void {
    this.tailText = '';
    this.tailBytes = Buffer.alloc(0);
  }

  private feedText(chunk: string): boolean {
    const joined = this.tailText + chunk;
    const found = joined.includes(this.text);
    this.tailText = joined.slice(-(this.text.length - 1));
    if (this.text.length === 1) this.tailText = '';
    return found;
  }

  private feedBytes(chunk: Uint8Array): boolean {
    const buf = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    const keep = this.bytes.length - 1;
    let found = false;
    if (this.tailBytes.length > 0) {
      const seam = Buffer.concat([this.tailBytes, buf.subarray(0, keep)]);
      found = seam.includes(this.bytes);
    }
    if (!found) found = buf.includes(this.bytes);
    if (keep === 0) this.tailBytes = Buffer.alloc(0);
    else if (buf.length >= keep) this.tailBytes = Buffer.from(buf.subarray(buf.length - keep));
    else this.tailBytes = Buffer.concat([this.tailBytes, buf]).subarray(-keep);
    return found;
  }
}
