// Reads the server's JSON text frames. protocol.ts types them but has no parser for this direction, so this
// checks the fields the page relies on: a malformed frame is dropped instead of breaking the terminal.
import type { CommandEvent, ServerMessage } from '../server/common/protocol.js';

export type ReadyMessage = Extract<ServerMessage, { type: 'ready' }>;

type Fields = Record<string, unknown>;

const isInt = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v);
const isString = (v: unknown): v is string => typeof v === 'string';

function isCommandEvent(v: unknown): v is CommandEvent {
  if (typeof v !== 'object' || v === null) return false;
  const e = v as Fields;
  return (
    isString(e['commandLine']) &&
    isInt(e['exitCode']) &&
    isString(e['output']) &&
    typeof e['outputTruncated'] === 'boolean' &&
    isString(e['cwd']) &&
    typeof e['startedAt'] === 'number' &&
    typeof e['durationMs'] === 'number'
  );
}

export function parseServerMessage(text: string): ServerMessage | undefined {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof raw !== 'object' || raw === null) return undefined;
  const m = raw as Fields;
  switch (m['type']) {
    case 'ready':
      return isInt(m['version']) &&
        isString(m['sessionId']) &&
        isInt(m['replayFrom']) &&
        m['replayFrom'] >= 0 &&
        typeof m['reset'] === 'boolean' &&
        isInt(m['skipped']) &&
        typeof m['newShell'] === 'boolean' &&
        isString(m['nonce']) &&
        isInt(m['ackEvery'])
        ? (raw as ReadyMessage)
        : undefined;
    case 'command':
      return isCommandEvent(m['event']) ? (raw as ServerMessage) : undefined;
    case 'exit':
      return isInt(m['exitCode']) && (m['signal'] === null || isInt(m['signal'])) ? (raw as ServerMessage) : undefined;
    case 'notice':
      return (m['level'] === 'info' || m['level'] === 'warning') && isString(m['message'])
        ? (raw as ServerMessage)
        : undefined;
    default:
      return undefined;
  }
}
