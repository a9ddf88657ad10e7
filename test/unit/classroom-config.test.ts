// `kubeclass classroom` options: the shells' nice value (--shell-nice) and its bounds.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseClassroomConfig } from '../../server/classroom/classroom-config.js';
import { ConfigError } from '../../server/config.js';

const parse = (...extra: string[]) => parseClassroomConfig(['--lesson', 'serverless-on-kubernetes', ...extra], {});

describe('kubeclass classroom --shell-nice', () => {
  it('lets learners yield the CPU to the server by default, and takes 0 to 19', () => {
    assert.equal(parse().shellNice, 10);
    assert.equal(parse('--shell-nice', '0').shellNice, 0);
    assert.equal(parse('--shell-nice', '19').shellNice, 19);
  });

  it('refuses what Linux has no nice value for', () => {
    assert.throws(() => parse('--shell-nice', '20'), (e: unknown) => e instanceof ConfigError && /--shell-nice takes 0 to 19, not 20/.test(e.message));
    assert.throws(() => parse('--shell-nice', '-5'), ConfigError);
    assert.throws(() => parse('--shell-nice', 'high'), ConfigError);
  });
});
