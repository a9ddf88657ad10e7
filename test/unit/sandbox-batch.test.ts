// The cron schedule parser (robfig/cron ParseStandard's semantics and error wording) and the Job and CronJob
// printers (printJob / printCronJob of kube 1.32).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { mostRecentSchedule, nextAfter, parseSchedule, rfc3339InZone } from '../../server/clusters/sandbox/controllers/cron-schedule.js';
import type { KubeObject } from '../../server/clusters/sandbox/kube-object.js';
import { builtinPrinters, type TablePrinter } from '../../server/clusters/sandbox/tables/index.js';

const at = (iso: string): number => Date.parse(iso);
const iso = (ms: number | undefined): string | undefined => (ms === undefined ? undefined : new Date(ms).toISOString());
const next = (spec: string, after: string, zone?: string): string | undefined => iso(nextAfter(parseSchedule(spec), at(after), zone));

describe('cron schedules', () => {
  it('finds the next time of fields, ranges, steps, lists and names', () => {
    assert.equal(next('* * * * *', '2025-01-15T12:00:30Z'), '2025-01-15T12:01:00.000Z');
    assert.equal(next('* * * * *', '2025-01-15T12:00:00Z'), '2025-01-15T12:01:00.000Z');
    assert.equal(next('*/15 * * * *', '2025-01-15T12:16:00Z'), '2025-01-15T12:30:00.000Z');
    assert.equal(next('5 4 * * *', '2025-01-15T12:00:00Z'), '2025-01-16T04:05:00.000Z');
    assert.equal(next('0 9-17/4 * * *', '2025-01-15T13:00:00Z'), '2025-01-15T17:00:00.000Z');
    assert.equal(next('0 0 * * mon,FRI', '2025-01-15T12:00:00Z'), '2025-01-17T00:00:00.000Z'); // a Wednesday
    assert.equal(next('0 0 1 jan-mar *', '2025-04-01T00:00:00Z'), '2026-01-01T00:00:00.000Z');
    assert.equal(next('30 2 29 2 *', '2025-01-01T00:00:00Z'), '2028-02-29T02:30:00.000Z');
    assert.equal(next('0 0 30 2 *', '2025-01-01T00:00:00Z'), undefined); // never: robfig gives up after five years
  });

  it('ORs day of month and day of week when both are restricted, ANDs them when either is *', () => {
    assert.equal(next('0 0 13 * 5', '2025-01-01T00:00:00Z'), '2025-01-03T00:00:00.000Z'); // first Friday, not a Friday 13th
    assert.equal(next('0 0 13 * *', '2025-01-01T00:00:00Z'), '2025-01-13T00:00:00.000Z');
    assert.equal(next('0 0 */2 * 4', '2025-01-01T00:00:00Z'), '2025-01-02T00:00:00.000Z'); // */2 is not a star: a Thursday will do
  });

  it('reads descriptors, @every and time zones', () => {
    assert.equal(next('@hourly', '2025-01-15T12:10:00Z'), '2025-01-15T13:00:00.000Z');
    assert.equal(next('@daily', '2025-01-15T12:10:00Z'), '2025-01-16T00:00:00.000Z');
    assert.equal(next('@weekly', '2025-01-15T12:10:00Z'), '2025-01-19T00:00:00.000Z');
    assert.equal(next('@monthly', '2025-01-15T12:10:00Z'), '2025-02-01T00:00:00.000Z');
    assert.equal(next('@yearly', '2025-01-15T12:10:00Z'), '2026-01-01T00:00:00.000Z');
    assert.equal(next('@every 1h30m', '2025-01-15T12:10:00Z'), '2025-01-15T13:40:00.000Z');
    assert.equal(next('0 9 * * *', '2025-01-15T00:00:00Z', 'Europe/Paris'), '2025-01-15T08:00:00.000Z');
    assert.equal(next('0 9 * * *', '2025-07-15T00:00:00Z', 'Europe/Paris'), '2025-07-15T07:00:00.000Z');
    assert.equal(next('CRON_TZ=America/New_York 0 9 * * *', '2025-01-15T00:00:00Z'), '2025-01-15T14:00:00.000Z');
    assert.equal(rfc3339InZone(at('2025-01-15T08:00:00Z'), 'Europe/Paris'), '2025-01-15T09:00:00+01:00');
    assert.equal(rfc3339InZone(at('2025-01-15T08:00:00Z')), '2025-01-15T08:00:00Z');
  });

  it('words errors as robfig/cron does', () => {
    const error = (spec: string): string => {
      try {
        parseSchedule(spec);
        return 'parsed';
      } catch (e) {
        return (e as Error).message;
      }
    };
    assert.equal(error(''), 'empty spec string');
    assert.equal(error('* * * *'), 'expected exactly 5 fields, found 4: [* * * *]');
    assert.equal(error('60 * * * *'), 'end of range (60) above maximum (59): 60');
    assert.equal(error('* * 0 * *'), 'beginning of range (0) below minimum (1): 0');
    assert.equal(error('5-1 * * * *'), 'beginning of range (5) beyond end of range (1): 5-1');
    assert.equal(error('*/0 * * * *'), 'step of range should be a positive number: */0');
    assert.equal(error('x * * * *'), 'failed to parse int from x: strconv.Atoi: parsing "x": invalid syntax');
    assert.equal(error('1-2-3 * * * *'), 'too many hyphens: 1-2-3');
    assert.equal(error('*/2/3 * * * *'), 'too many slashes: */2/3');
    assert.equal(error('@fortnightly'), 'unrecognized descriptor: @fortnightly');
    assert.equal(error('* * * * 7'), 'end of range (7) above maximum (6): 7');
  });

  it('picks the latest missed time only, and counts the misses', () => {
    const every = parseSchedule('* * * * *');
    assert.deepEqual(mostRecentSchedule(every, at('2025-01-15T12:00:00Z'), at('2025-01-15T12:02:30Z')), { time: at('2025-01-15T12:02:00Z'), missed: 2 });
    assert.deepEqual(mostRecentSchedule(every, at('2025-01-15T12:00:00Z'), at('2025-01-15T12:00:59Z')), { missed: 0 });
  });
});

const NOW = Date.parse('2025-01-15T12:00:00Z');
const ago = (s: number): string => new Date(NOW - s * 1000).toISOString().replace(/\.\d+Z$/, 'Z');

function printer(key: string): TablePrinter {
  const found = builtinPrinters[key];
  assert.ok(found, `no printer for ${key}`);
  return found;
}

function job(spec: Record<string, unknown>, status: Record<string, unknown>, extra: Record<string, unknown> = {}): KubeObject {
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { name: 'j', creationTimestamp: ago(300), ...extra },
    spec: { selector: { matchLabels: { 'batch.kubernetes.io/controller-uid': 'u' } }, template: { spec: { containers: [{ name: 'c', image: 'busybox' }] } }, ...spec },
    status,
  };
}

const cond = (type: string): Record<string, unknown> => ({ type, status: 'True' });

describe('Job and CronJob printers', () => {
  it('has the columns of kube 1.32', () => {
    assert.deepEqual(printer('batch/jobs').columns.map((c) => `${c.name}:${c.priority}`), ['Name:0', 'Status:0', 'Completions:0', 'Duration:0', 'Age:0', 'Containers:1', 'Images:1', 'Selector:1']);
    assert.deepEqual(printer('batch/cronjobs').columns.map((c) => `${c.name}:${c.type}:${c.priority}`), [
      'Name:string:0',
      'Schedule:string:0',
      'Timezone:string:0',
      'Suspend:boolean:0',
      'Active:integer:0',
      'Last Schedule:string:0',
      'Age:string:0',
      'Containers:string:1',
      'Images:string:1',
      'Selector:string:1',
    ]);
  });

  it('prints status, completions and duration as printJob does', () => {
    const cells = (j: KubeObject): unknown[] => printer('batch/jobs').cells(j, NOW);
    assert.deepEqual(cells(job({ completions: 1, parallelism: 1 }, { startTime: ago(90), succeeded: 0 })), ['j', 'Running', '0/1', '90s', '5m', 'c', 'busybox', 'batch.kubernetes.io/controller-uid=u']);
    assert.deepEqual(cells(job({ completions: 3 }, { startTime: ago(200), completionTime: ago(100), succeeded: 3, conditions: [cond('SuccessCriteriaMet'), cond('Complete')] })).slice(1, 4), ['Complete', '3/3', '100s']);
    assert.deepEqual(cells(job({ parallelism: 2 }, {})).slice(1, 4), ['Running', '0/1 of 2', '']);
    assert.deepEqual(cells(job({ completions: 1 }, { startTime: ago(10), conditions: [cond('FailureTarget'), cond('Failed')] })).slice(1, 4), ['Failed', '0/1', '10s']);
    assert.equal(cells(job({}, { conditions: [cond('FailureTarget')] }))[1], 'FailureTarget');
    assert.equal(cells(job({}, { conditions: [cond('Suspended')] }))[1], 'Suspended');
    assert.equal(cells(job({}, { conditions: [cond('Suspended')] }, { deletionTimestamp: ago(1) }))[1], 'Terminating');
    // 1.32 has no word of its own for SuccessCriteriaMet alone.
    assert.equal(cells(job({}, { conditions: [cond('SuccessCriteriaMet')] }))[1], 'Running');
  });

  it('prints schedule, zone, suspend, active and last schedule as printCronJob does', () => {
    const cj = (spec: Record<string, unknown>, status: Record<string, unknown>): KubeObject => ({
      apiVersion: 'batch/v1',
      kind: 'CronJob',
      metadata: { name: 'cj', creationTimestamp: ago(600) },
      spec: { schedule: '*/5 * * * *', jobTemplate: { spec: { template: { spec: { containers: [{ name: 'c', image: 'busybox' }] } } } }, ...spec },
      status,
    });
    const cells = (o: KubeObject): unknown[] => printer('batch/cronjobs').cells(o, NOW);
    assert.deepEqual(cells(cj({ suspend: false }, {})), ['cj', '*/5 * * * *', '<none>', 'False', 0, '<none>', '10m', 'c', 'busybox', '<none>']);
    assert.deepEqual(cells(cj({ suspend: true, timeZone: 'Europe/Paris' }, { active: [{ name: 'a' }], lastScheduleTime: ago(65) })).slice(2, 6), ['Europe/Paris', 'True', 1, '65s']);
    assert.equal(cells(cj({}, {}))[3], '<unset>');
  });
});
