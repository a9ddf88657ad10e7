// Types every kind shares (apimachinery meta/v1 and core references): metadata, selectors, references.
import { anything, bool, int64, list, named, ref, str, stringMap, strings, time, type Schema } from './types.js';

const META = 'io.k8s.apimachinery.pkg.apis.meta.v1';

export const OwnerReference = named(`${META}.OwnerReference`, 'Points at the object that owns this one; the garbage collector deletes dependents when their owner goes.', {
  apiVersion: str('API version of the owner.'),
  kind: str('Kind of the owner.'),
  name: str('Name of the owner.'),
  uid: str('UID of the owner: a new object of the same name is a different owner.'),
  controller: bool('Whether the owner is the managing controller (at most one owner is).'),
  blockOwnerDeletion: bool('With foreground deletion, the owner waits for this dependent to go first.'),
}, ['apiVersion', 'kind', 'name', 'uid']);

export const ObjectMeta = named(`${META}.ObjectMeta`, 'Metadata every persisted object has: name, namespace, labels, annotations and what the server records about it.', {
  name: str('Unique name within the namespace (or cluster, for cluster-scoped kinds). Cannot be changed.'),
  generateName: str('Prefix from which the server makes a unique name when name is empty.'),
  namespace: str('Namespace the object lives in; empty for cluster-scoped kinds.'),
  selfLink: str('Deprecated and no longer set.'),
  uid: str('Unique id the server gives the object on creation. Read-only.'),
  resourceVersion: str('Opaque version of this object, for optimistic concurrency and watches. Read-only.'),
  generation: int64('Sequence number of changes to the desired state (spec). Read-only.'),
  creationTimestamp: time('When the object was created. Read-only.'),
  deletionTimestamp: time('When deletion was requested; the object goes once its finalizers are done. Read-only.'),
  deletionGracePeriodSeconds: int64('Seconds the object has to terminate gracefully. Read-only.'),
  labels: stringMap('Key/value pairs to organise and select objects (selectors match on these).'),
  annotations: stringMap('Key/value pairs for tools and people; not used for selection.'),
  ownerReferences: list(OwnerReference, 'Objects this one depends on; when all owners are gone it is garbage-collected.'),
  finalizers: strings('Names of cleanups that must finish before the object is removed.'),
  managedFields: list(anything('Which manager set which fields.'), 'Field ownership recorded by server-side apply.'),
});

export const LabelSelectorRequirement = named(`${META}.LabelSelectorRequirement`, 'One set-based condition on a label key.', {
  key: str('The label key the condition is about.'),
  operator: str('How the key relates to values: In, NotIn, Exists or DoesNotExist.'),
  values: strings('Values for In and NotIn; empty for Exists and DoesNotExist.'),
}, ['key', 'operator']);

export const LabelSelector = named(`${META}.LabelSelector`, 'Selects objects by their labels; all conditions must hold. An empty selector matches everything, a missing one nothing.', {
  matchLabels: stringMap('Labels that must be present with exactly these values.'),
  matchExpressions: list(LabelSelectorRequirement, 'Set-based conditions (In, NotIn, Exists, DoesNotExist).'),
});

export const ObjectReference = named('io.k8s.api.core.v1.ObjectReference', 'Points at another object, possibly at a field within it.', {
  kind: str('Kind of the referent.'),
  namespace: str('Namespace of the referent.'),
  name: str('Name of the referent.'),
  uid: str('UID of the referent.'),
  apiVersion: str('API version of the referent.'),
  resourceVersion: str('Version of the referent this reference was made against.'),
  fieldPath: str('A field within the referent, e.g. spec.containers{web}.'),
});

export const LocalObjectReference = named('io.k8s.api.core.v1.LocalObjectReference', 'Names an object in the same namespace.', {
  name: str('Name of the referent.'),
});

export const TYPE_META = {
  apiVersion: str('Versioned schema of this representation of the object (group/version, or just the version for the core group).'),
  kind: str('The REST resource this object represents, in CamelCase.'),
};

/** A top-level kind: apiVersion, kind, metadata, then its own fields. */
export function kind(group: string, version: string, kindName: string, goPackage: string, description: string, fields: Record<string, Schema>, required: string[] = []): Schema {
  const schema = named(`${goPackage}.${kindName}`, description, { ...TYPE_META, metadata: ref(ObjectMeta, "Standard object metadata: name, namespace, labels, annotations."), ...fields }, required);
  return { ...schema, gvk: { group, version, kind: kindName } };
}
