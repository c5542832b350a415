/**
 * Visits and AEs travel on different topics, whose relative order Kafka does not fix. An AE whose rule needs
 * the subject's treatment date (e.g. an AESI "within 30 days after treatment") and that is nullified later
 * is raised and then withdrawn when the treatment was read first, and never raised when the nullification was
 * read before the treatment: both are right for what was known when. Two runs over the same input may differ
 * by exactly such alerts, and by nothing else: withdrawn in one run, absent from the other.
 */
export function withdrawnInOneRunOnly(
  one: readonly { alert_id: string; status: string }[],
  other: readonly { alert_id: string; status: string }[],
): Set<string> {
  const ids = (alerts: readonly { alert_id: string }[]) => new Set(alerts.map((a) => a.alert_id));
  const [inOne, inOther] = [ids(one), ids(other)];
  return new Set([
    ...one.filter((a) => a.status === 'withdrawn' && !inOther.has(a.alert_id)).map((a) => a.alert_id),
    ...other.filter((a) => a.status === 'withdrawn' && !inOne.has(a.alert_id)).map((a) => a.alert_id),
  ]);
}
