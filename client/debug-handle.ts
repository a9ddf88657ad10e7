// window.kubeclass: a read-only view for browser tests and benchmarks (what renderer runs, how far output got,
// which commands finished, how many gutter marks show, where the lesson is). Not an API for the page itself.
import type { Terminal } from '@xterm/xterm';
import type { CommandEvent } from '../server/common/protocol.js';
import type { MarkCounts } from './command-marks.js';
import type { LessonDebugView } from './lesson/lesson-model.js';
import type { LessonSocketState } from './lesson/lesson-socket.js';
import type { RendererKind } from './renderer.js';
import type { ConnectionState } from './terminal-connection.js';

export interface KubeclassDebugHandle {
  readonly term: Terminal;
  /** The renderer in use now: 'webgl' turns into 'dom' after a WebGL context loss. */
  readonly renderer: RendererKind;
  readonly state: ConnectionState;
  /** Finished commands received from the server, oldest first (the live array). */
  readonly commands: readonly CommandEvent[];
  /** Output bytes xterm has parsed: the offset a reconnect resumes from. */
  readonly processed: number;
  /** Gutter marks currently in the terminal (they go when their line leaves the scrollback or on reset). */
  readonly marks: MarkCounts;
  readonly sessionId: string | null;
  /** The lesson pane's state, a fresh snapshot on every read: current step, step statuses, last verdicts. */
  readonly lesson: LessonDebugView & { socket: LessonSocketState };
}

declare global {
  interface Window {
    kubeclass?: KubeclassDebugHandle;
  }
}

export function installDebugHandle(handle: KubeclassDebugHandle): void {
  Object.defineProperty(window, 'kubeclass', { value: handle, configurable: true, enumerable: false });
}
