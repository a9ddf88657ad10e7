// The classroom's wire format, shared by the server and the pages: joining (HTTP), the instructor's websocket
// (/ws/instructor: the room live, a learner's terminal read-only, broadcasts) and what learners' lesson sockets
// additionally receive (broadcasts, their seat's expiry). JSON text frames; binary frames carry terminal output.

export const INSTRUCTOR_PATH = '/ws/instructor';
export const JOIN_PATH = '/api/join';
export const EXPORT_JSON_PATH = '/api/export.json';
export const EXPORT_CSV_PATH = '/api/export.csv';
export const CLASSROOM_PROTOCOL_VERSION = 1;
export const MAX_INSTRUCTOR_MESSAGE_BYTES = 16 * 1024;
export const MAX_BROADCAST_CHARS = 500;
export const MAX_NAME_CHARS = 40;

/** POST /api/join, JSON body. The answer sets the learner's cookie; the page then opens `/`. */
export interface JoinRequest {
  code: string;
  name: string;
}
export type JoinResponse = { ok: true; learnerId: string; name: string; rejoined: boolean } | { ok: false; error: string };

export type StepCell =
  | { status: 'pending'; attempts: number; timeMs: number; lastMessage?: string | undefined }
  | { status: 'passed' | 'skipped'; attempts: number; timeMs: number; at: number };

export interface LearnerRow {
  learnerId: string;
  name: string;
  /** `active`: has a seat; `expired`: its seat was reclaimed (results are kept). */
  state: 'active' | 'expired';
  online: boolean;
  joinedAt: number;
  lastSeenAt: number;
  /** When the seat expires without activity (ms since the epoch). */
  expiresAt: number | undefined;
  currentStep: string | undefined;
  /** Time on the current step so far. */
  currentStepMs: number;
  steps: Record<string, StepCell>;
  /** Why the instructor should look (long on one step, repeated failures), or undefined. */
  stuck: string | undefined;
  score: number;
}

export interface RoomView {
  lessonId: string;
  lessonTitle: string;
  steps: { id: string; title: string }[];
  joinCode: string;
  joinUrl: string;
  seats: { max: number; used: number; warm: number };
  learners: LearnerRow[];
  broadcasts: { at: number; text: string }[];
}

export type InstructorClientMessage =
  | { type: 'hello'; version: number }
  | { type: 'watch'; learnerId: string }
  | { type: 'unwatch' }
  | { type: 'broadcast'; text: string }
  | { type: 'extend'; learnerId: string };

export type InstructorServerMessage =
  | { type: 'room'; room: RoomView }
  | { type: 'watching'; learnerId: string; name: string; cols: number; rows: number }
  | { type: 'watch-ended'; learnerId: string; reason: string }
  | { type: 'error'; message: string };

/** Extra messages a learner's lesson socket receives in a classroom. */
export type SeatServerMessage =
  | { type: 'broadcast'; at: number; text: string }
  | { type: 'seat'; name: string; expiresAt: number; warning: boolean };
