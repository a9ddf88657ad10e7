// `resource`: an object exists or is absent, a field equals or matches, a condition has a status (and reason),
// or a label-selected list has a count; failures say what was expected and what the cluster shows.
import type { CheckSpec } from '../check-spec.js';
import type { KubeObject } from './cluster-reader.js';
import type { Checker } from './context.js';
import { fail, pass } from './context.js';
import { readField, showValue, valueEquals } from './field-path.js';
import { diagnose } from './hints/cluster-diagnosis.js';
import { describePattern, matchesPattern } from './pattern.js';

type ResourceSpec = Extract<CheckSpec, { kind: 'resource' }>;

export const evaluateResource: Checker<'resource'> = async (spec, context) => {
  const reader = context.cluster;
  if (!reader) return fail(context, 'this playground has no cluster to check');
  const type = await reader.resolve(spec.apiVersion, spec.resource);
  const where = type.namespaced ? ` in namespace ${spec.namespace ?? 'default'}` : '';

  if (spec.name !== undefined) {
    const object = await reader.get(type, spec.name, spec.namespace);
    const label = `${type.kind} ${spec.name}${where}`;
    if (spec.absent) return object ? fail(context, `expected ${label} to be gone, saw it still there`) : pass(context);
    if (!object) return fail(context, `expected ${label} to exist, saw none`);
    const problem = objectProblem(spec, object);
    if (!problem) return pass(context);
    const why = await diagnose(reader, object);
    return fail(context, `${label}: ${problem}${why ? `. ${why}` : ''}`);
  }

  const items = await reader.list(type, spec.namespace, spec.labelSelector);
  const selected = `${type.plural}${spec.labelSelector ? ` with labels ${spec.labelSelector}` : ''}${where}`;
  if (spec.absent) return items.length === 0 ? pass(context) : fail(context, `expected no ${selected}, saw ${names(items)}`);
  const { min, max } = countRange(spec);
  if (items.length < min || (max !== undefined && items.length > max)) {
    const wanted = max === undefined ? `at least ${min}` : min === max ? `exactly ${min}` : `between ${min} and ${max}`;
    return fail(context, `expected ${wanted} ${selected}, saw ${items.length}${items.length ? ` (${names(items)})` : ''}`);
  }
  if (spec.field === undefined && spec.condition === undefined) return pass(context);
  const problems = items.map((item) => objectProblem(spec, item));
  if (problems.some((p) => p === undefined)) return pass(context);
  return fail(context, `no ${selected} is as expected: ${items.map((item, i) => `${item.metadata?.name ?? '?'}: ${problems[i] ?? ''}`).join('; ')}`);
};

/** What is wrong with one object for this spec, or undefined when it is as expected. */
function objectProblem(spec: ResourceSpec, object: KubeObject): string | undefined {
  if (spec.field !== undefined) {
    const value = readField(object, spec.field);
    if (spec.equals !== undefined && !valueEquals(value, spec.equals)) return `expected ${spec.field} to be ${String(spec.equals)}, saw ${showValue(value)}`;
    const scalar = typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean';
    if (spec.matches !== undefined && !(scalar && matchesPattern(spec.matches, String(value)))) return `expected ${spec.field} to match ${describePattern(spec.matches)}, saw ${showValue(value)}`;
    if (spec.equals === undefined && spec.matches === undefined && (value === undefined || value === '')) return `expected ${spec.field} to be set, saw ${showValue(value)}`;
  }
  if (spec.condition) {
    const wanted = spec.condition.status ?? 'True';
    const condition = readField(object, `status.conditions[type=${spec.condition.type}]`) as { status?: string; reason?: string; message?: string } | undefined;
    if (!condition) return `expected condition ${spec.condition.type}=${wanted}, saw no ${spec.condition.type} condition yet`;
    const said = [condition.reason, condition.message].filter(Boolean).join(': ');
    if (condition.status !== wanted) return `expected condition ${spec.condition.type}=${wanted}, saw ${spec.condition.type}=${condition.status ?? '?'}${said ? ` (${said})` : ''}`;
    if (spec.condition.reason !== undefined && condition.reason !== spec.condition.reason) return `expected condition ${spec.condition.type} with reason ${spec.condition.reason}, saw reason ${condition.reason ?? 'none'}`;
  }
  return undefined;
}

function countRange(spec: ResourceSpec): { min: number; max: number | undefined } {
  return { min: spec.count?.min ?? (spec.count?.max !== undefined ? 0 : 1), max: spec.count?.max };
}

function names(items: KubeObject[]): string {
  const shown = items.slice(0, 5).map((i) => i.metadata?.name ?? '?');
  return shown.join(', ') + (items.length > 5 ? `, and ${items.length - 5} more` : '');
}
