// Terminal input as binary websocket frames: UTF-8 bytes behind the Input opcode, split so that a huge paste
// never exceeds the server's message limit.
import { BinaryOp, INPUT_CHUNK_BYTES, encodeBinary } from '../server/common/protocol.js';

const encoder = new TextEncoder();

/** Frames for text typed or pasted (xterm's onData gives UTF-16 strings). */
export function textInputFrames(text: string): Uint8Array[] {
  return bytesToFrames(encoder.encode(text));
}

/**
 * Frames for xterm's onBinary data: a string whose char codes are raw bytes (some mouse reports), which must not
 * be UTF-8 encoded again.
 */
export function binaryInputFrames(data: string): Uint8Array[] {
  const bytes = new Uint8Array(data.length);
  for (let i = 0; i < data.length; i++) bytes[i] = data.charCodeAt(i) & 0xff;
  return bytesToFrames(bytes);
}

/**
 * Splits at INPUT_CHUNK_BYTES. A split may fall inside a multi-byte character: harmless, the pty receives
 * one byte stream and the frames arrive in order.
 */
export function bytesToFrames(bytes: Uint8Array): Uint8Array[] {
  const frames: Uint8Array[] = [];
  for (let start = 0; start < bytes.length; start += INPUT_CHUNK_BYTES) {
    frames.push(encodeBinary(BinaryOp.Input, bytes.subarray(start, start + INPUT_CHUNK_BYTES)));
  }
  return frames;
}
