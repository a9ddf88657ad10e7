// A shell with no page: a SessionClient that reads nothing and acknowledges every byte at once, so flow control
// never pauses the shell (a session whose output nobody acknowledges stops at HIGH_WATER_BYTES). For lesson
// tests; the output stays in the session's ring buffer and commands still report through onCommandFinished.
import type { SessionManager } from '../../terminal/session-manager.js';
import type { SessionClient, TerminalSession } from '../../terminal/terminal-session.js';

export function openHeadlessSession(sessions: SessionManager, size: { cols: number; rows: number } = { cols: 120, rows: 40 }): TerminalSession {
  let session: TerminalSession | undefined;
  let processed = 0;
  const client: SessionClient = {
    sendFrame(frame) {
      processed += frame.length - 1; // the first byte is the opcode
      session?.ack(processed);
    },
    sendMessage(message) {
      if (message.type === 'ready') processed = message.replayFrom;
    },
    close() {},
  };
  const opened = sessions.open({ resumeFrom: 0, ...size }, client);
  if (!opened.ok) throw new Error(`cannot start a shell: ${opened.reason}`);
  session = opened.session;
  session.ack(processed); // frames sent while attaching, before `session` was known
  return session;
}
