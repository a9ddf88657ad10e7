// config-autoscaler as the Knative autoscaler reads it: defaults for absent keys, Go durations, bounds.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { AUTOSCALER_KEYS, autoscalerDefaults, autoscalerExample, readAutoscalerConfig } from '../../server/clusters/sandbox/knative/install/config-autoscaler.js';
import { formatGoDuration, parseGoDuration } from '../../server/clusters/sandbox/knative/install/duration.js';

describe('readAutoscalerConfig', () => {
  it('gives Knative\'s defaults when the ConfigMap has only _example', () => {
    const c = readAutoscalerConfig({ _example: 'stable-window: "5s"' });
    assert.deepEqual(c, { ...autoscalerDefaults });
    assert.equal(c.containerConcurrencyTargetDefault, 100);
    assert.equal(c.targetBurstCapacity, 211);
    assert.equal(c.stableWindowMs, 60_000);
    assert.equal(c.panicWindowPercentage, 10);
    assert.equal(c.scaleToZeroGracePeriodMs, 30_000);
    assert.equal(c.scaleToZeroPodRetentionPeriodMs, 0);
    assert.equal(c.enableScaleToZero, true);
    assert.equal(c.initialScale, 1);
    assert.equal(c.allowZeroInitialScale, false);
    assert.equal(c.maxScale, 0);
    assert.deepEqual(readAutoscalerConfig(undefined), c);
  });

  it('reads set keys: durations in Go syntax, booleans, numbers', () => {
    const c = readAutoscalerConfig({ 'stable-window': '1m30s', 'scale-to-zero-grace-period': '45s', 'scale-to-zero-pod-retention-period': '1m', 'enable-scale-to-zero': 'false', 'container-concurrency-target-default': '10', 'target-burst-capacity': '-1', 'initial-scale': '0', 'allow-zero-initial-scale': 'true', 'min-scale': '1', 'max-scale': '5', 'scale-down-delay': '500ms' });
    assert.equal(c.stableWindowMs, 90_000);
    assert.equal(c.scaleToZeroGracePeriodMs, 45_000);
    assert.equal(c.scaleToZeroPodRetentionPeriodMs, 60_000);
    assert.equal(c.enableScaleToZero, false);
    assert.equal(c.containerConcurrencyTargetDefault, 10);
    assert.equal(c.targetBurstCapacity, -1);
    assert.equal(c.initialScale, 0);
    assert.equal(c.minScale, 1);
    assert.equal(c.maxScale, 5);
    assert.equal(c.scaleDownDelayMs, 500);
  });

  it('takes a legacy fraction as a percentage', () => {
    assert.equal(readAutoscalerConfig({ 'container-concurrency-target-percentage': '0.7' }).containerConcurrencyTargetPercentage, 70);
  });

  it('refuses values that do not parse or are out of bounds', () => {
    assert.throws(() => readAutoscalerConfig({ 'stable-window': '60' }), /failed to parse "stable-window": time: invalid duration "60"/);
    assert.throws(() => readAutoscalerConfig({ 'enable-scale-to-zero': 'yes' }), /strconv\.ParseBool: parsing "yes": invalid syntax/);
    assert.throws(() => readAutoscalerConfig({ 'initial-scale': '1.5' }), /strconv\.ParseInt/);
    assert.throws(() => readAutoscalerConfig({ 'stable-window': '2s' }), /stable-window = 2s, must be in \[6s; 1h0m0s\] range/);
    assert.throws(() => readAutoscalerConfig({ 'stable-window': '60500ms' }), /at most second precision/);
    assert.throws(() => readAutoscalerConfig({ 'initial-scale': '0' }), /initial-scale = 0/);
    assert.throws(() => readAutoscalerConfig({ 'target-burst-capacity': '-2' }), /target-burst-capacity/);
    assert.throws(() => readAutoscalerConfig({ 'min-scale': '3', 'max-scale': '2' }), /min-scale \(3\) must be less than max-scale \(2\)/);
    assert.throws(() => readAutoscalerConfig({ 'scale-to-zero-grace-period': '1s' }), /at least 6s/);
  });

  it('documents every key it reads in _example, with its default', () => {
    const example = autoscalerExample();
    for (const key of AUTOSCALER_KEYS) assert.match(example, new RegExp(`^${key}: "`, 'm'), key);
    assert.match(example, /^stable-window: "60s"$/m);
    assert.match(example, /^target-burst-capacity: "211"$/m);
  });
});

describe('Go durations', () => {
  it('parses and prints as Go does', () => {
    assert.equal(parseGoDuration('1m30s'), 90_000);
    assert.equal(parseGoDuration('1.5h'), 5_400_000);
    assert.equal(parseGoDuration('0'), 0);
    assert.equal(parseGoDuration('-2s'), -2000);
    assert.equal(parseGoDuration('250us'), 0.25);
    assert.equal(parseGoDuration('10'), undefined);
    assert.equal(parseGoDuration(''), undefined);
    assert.equal(parseGoDuration('3d'), undefined);
    assert.equal(formatGoDuration(60_000), '1m0s');
    assert.equal(formatGoDuration(90_500), '1m30.5s');
    assert.equal(formatGoDuration(3_600_000), '1h0m0s');
    assert.equal(formatGoDuration(0), '0s');
  });
});
