// Canned classroom data (classroom-protocol.ts) for the page's tests: a three-step room and learners built from a
// few fields each.
import type { LearnerRow, RoomView, StepCell } from '../../server/common/classroom-protocol.js';

export const STEPS = [
  { id: 'hello', title: 'Say hello' },
  { id: 'deploy', title: 'Deploy a service' },
  { id: 'scale', title: 'Scale to zero' },
];

export const passed = (attempts = 1, timeMs = 30_000): StepCell => ({ status: 'passed', attempts, timeMs, at: 1_700_000_000_000 });
export const skipped = (): StepCell => ({ status: 'skipped', attempts: 0, timeMs: 5_000, at: 1_700_000_000_000 });
export const pending = (attempts = 0, lastMessage?: string): StepCell => ({ status: 'pending', attempts, timeMs: 0, lastMessage });

export function learner(id: string, name: string, fields: Partial<LearnerRow> = {}): LearnerRow {
  return {
    learnerId: id,
    name,
    state: 'active',
    online: true,
    joinedAt: 1_700_000_000_000,
    lastSeenAt: 1_700_000_060_000,
    expiresAt: 1_700_001_000_000,
    currentStep: 'hello',
    currentStepMs: 65_000,
    steps: {},
    stuck: undefined,
    score: 0,
    ...fields,
  };
}

export function room(learners: LearnerRow[], fields: Partial<RoomView> = {}): RoomView {
  return {
    lessonId: 'basics',
    lessonTitle: 'Serverless basics',
    steps: STEPS,
    joinCode: 'AB12CD',
    joinUrl: 'http://127.0.0.1:4173/join?code=AB12CD',
    seats: { max: 30, used: learners.length, warm: 2 },
    learners,
    broadcasts: [],
    ...fields,
  };
}
