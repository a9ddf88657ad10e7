// A CheckContext for checker unit tests: no cluster unless given, a fixed step start, real time.
import type { CommandEvent } from '../../server/common/protocol.js';
import type { CheckContext } from '../../server/lessons/checkers/context.js';

export function checkContext(overrides: Partial<CheckContext> = {}): CheckContext {
  return {
    checkId: 'c1',
    commands: [],
    workspace: '/nonexistent',
    cluster: undefined,
    gateways: {},
    stepStartedAt: Date.now(),
    answers: new Map(),
    firstPassedAt: () => undefined,
    now: Date.now,
    locale: 'en',
    ...overrides,
  };
}

export function commandEvent(commandLine: string, exitCode = 0, output = ''): CommandEvent {
  return { commandLine, exitCode, output, outputTruncated: false, cwd: '/tmp', startedAt: Date.now(), durationMs: 5 };
}
