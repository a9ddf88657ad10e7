// Times as the API writes them: RFC 3339 in UTC, to the second (metav1.Time).

export function nowTimestamp(): string {
  return timestamp(new Date());
}

export function timestamp(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}
