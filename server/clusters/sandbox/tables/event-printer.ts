// core/v1 Events: printEvent. LAST SEEN falls back from lastTimestamp to firstTimestamp to eventTime (events
// written through events.k8s.io only have eventTime, and series for repeats); never to creationTimestamp.

import type { KubeObject } from '../kube-object.js';
import { column, DOC } from './columns.js';
import { int, parseTime, rec, recOrUndefined, str } from './fields.js';
import { timestampSince, type TablePrinter } from './table-printer.js';

const columns = [
  column('Last Seen', 'string', 'The time at which the most recent occurrence of this event was recorded.'),
  column('Type', 'string', 'Type of this event (Normal, Warning), new types could be added in the future'),
  column(
    'Reason',
    'string',
    "This should be a short, machine understandable string that gives the reason for the transition into the object's current status.",
  ),
  column('Object', 'string', 'The object that this event is about.'),
  column(
    'Subobject',
    'string',
    'If referring to a piece of an object instead of an entire object, this string should contain a valid JSON/Go field access statement, such as desiredState.manifest.containers[2]. For example, if the object reference is to a container within a pod, this would take on a value like: "spec.containers{name}" (where "name" refers to the name of the container that triggered the event) or if no container name is specified "spec.containers[2]" (container with index 2 in this pod). This syntax is chosen only to have some well-defined way of referencing a part of an object.',
    1,
  ),
  column('Source', 'string', 'The component reporting this event. Should be a short machine understandable string.', 1),
  column('Message', 'string', 'A human-readable description of the status of this operation.'),
  column('First Seen', 'string', 'The time at which the event was first recorded. (Time of server receipt is in TypeMeta.)', 1),
  column('Count', 'string', 'The number of times this event has occurred.', 1),
  column('Name', 'string', DOC.name, 1, 'name'),
];

/** formatEventSource: "component, host", each falling back to the reporting controller / instance. */
function source(event: KubeObject): string {
  const src = rec(event.source);
  const component = str(src.component) || str(event.reportingComponent);
  const host = str(src.host) || str(event.reportingInstance);
  return host === '' ? component : `${component}, ${host}`;
}

function cells(event: KubeObject, now: number): unknown[] {
  const firstSeen = timestampSince(parseTime(event.firstTimestamp) !== undefined ? event.firstTimestamp : event.eventTime, now);
  let lastSeen = parseTime(event.lastTimestamp) !== undefined ? timestampSince(event.lastTimestamp, now) : firstSeen;
  let count = int(event.count);
  const series = recOrUndefined(event.series);
  if (series) {
    lastSeen = timestampSince(series.lastObservedTime, now);
    count = int(series.count);
  } else if (count === 0) {
    count = 1; // singleton events of the new API carry no count
  }
  const involved = rec(event.involvedObject);
  const kind = str(involved.kind).toLowerCase();
  const target = str(involved.name) === '' ? kind : `${kind}/${str(involved.name)}`;
  return [
    lastSeen,
    str(event.type),
    str(event.reason),
    target,
    str(involved.fieldPath),
    source(event),
    str(event.message).trim(),
    firstSeen,
    count,
    event.metadata.name ?? '',
  ];
}

export const eventPrinter: TablePrinter = { columns, cells };
