// `resource`: an object exists or is absent, a field equals or matches, a condition has a status (and reason),
// or a label-selected list has a count; failures say what was expected and what the cluster shows.
import type { CheckSpec } from '../check-spec.js';
import type { KubeObject } from './cluster-reader.js';
import type { Checker } from './context.js';
import { fail, messagesOf, pass } from './context.js';
import { readField, showValue, valueEquals } from './field-path.js';
import { diagnose } from './hints/cluster-diagnosis.js';
import type { Messages } from './messages/index.js';
import { describePattern, matchesPattern } from './pattern.js';

type ResourceSpec = Extract<CheckSpec, { kind: 'resource' }>;

export const evaluateResource: Checker<'resource'> = async (spec, context) => {
  const t = messagesOf(context);
  const reader = context.cluster;
  if (!reader) return fail(context, t.resource.noCluster);
  const type = await reader.resolve(spec.apiVersion, spec.resource);
  const namespace = type.namespaced ? (spec.namespace ?? 'default') : undefined;

  if (spec.name !== undefined) {
    const object = await reader.get(type, spec.name, spec.namespace);
    const label = t.resource.object(type.kind, spec.name, namespace);
    if (spec.absent) return object ? fail(context, t.resource.gone(label)) : pass(context);
    if (!object) return fail(context, t.resource.exists(label));
    const problem = objectProblem(spec, object, t);
    if (!problem) return pass(context);
    const why = await diagnose(reader, object, t);
    return fail(context, t.resource.problem(label, problem, why));
  }

  const items = await reader.list(type, spec.namespace, spec.labelSelector);
  const selected = t.resource.objects(type.plural, spec.labelSelector, namespace);
  if (spec.absent) return items.length === 0 ? pass(context) : fail(context, t.resource.none(selected, names(items, t)));
  const { min, max } = countRange(spec);
  if (items.length < min || (max !== undefined && items.length > max)) {
    const wanted = max === undefined ? t.resource.atLeast(min) : min === max ? t.resource.exactly(min) : t.resource.between(min, max);
    return fail(context, t.resource.count(wanted, selected, items.length, items.length ? names(items, t) : undefined));
  }
  if (spec.field === undefined && spec.condition === undefined) return pass(context);
  const problems = items.map((item) => objectProblem(spec, item, t));
  if (problems.some((p) => p === undefined)) return pass(context);
  return fail(context, t.resource.noneAsExpected(selected, t.list(items.map((item, i) => `${item.metadata?.name ?? '?'}: ${problems[i] ?? ''}`))));
};

/** What is wrong with one object for this spec, or undefined when it is as expected (the bench judges with it too). */
export function objectProblem(spec: ResourceSpec, object: KubeObject, t: Messages): string | undefined {
  if (spec.field !== undefined) {
    const value = readField(object, spec.field);
    if (spec.equals !== undefined && !valueEquals(value, spec.equals)) return t.field.equals(spec.field, String(spec.equals), showValue(value, t));
    const scalar = typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean';
    if (spec.matches !== undefined && !(scalar && matchesPattern(spec.matches, String(value)))) return t.field.matches(spec.field, describePattern(spec.matches), showValue(value, t));
    if (spec.equals === undefined && spec.matches === undefined && (value === undefined || value === '')) return t.field.set(spec.field, showValue(value, t));
  }
  if (spec.condition) {
    const { type } = spec.condition;
    const wanted = spec.condition.status ?? 'True';
    const condition = readField(object, `status.conditions[type=${type}]`) as { status?: string; reason?: string; message?: string } | undefined;
    if (!condition) return t.resource.noCondition(type, wanted);
    const said = [condition.reason, condition.message].filter(Boolean).join(': ');
    if (condition.status !== wanted) return t.resource.conditionStatus(type, wanted, condition.status ?? '?', said || undefined);
    if (spec.condition.reason !== undefined && condition.reason !== spec.condition.reason) return t.resource.conditionReason(type, spec.condition.reason, condition.reason);
  }
  return undefined;
}

function countRange(spec: ResourceSpec): { min: number; max: number | undefined } {
  return { min: spec.count?.min ?? (spec.count?.max !== undefined ? 0 : 1), max: spec.count?.max };
}

function names(items: KubeObject[], t: Messages): string {
  return t.resource.names(items.slice(0, 5).map((i) => i.metadata?.name ?? '?'), items.length - 5);
}
