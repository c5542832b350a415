/**
 * One id taken from a message (a trial, subject or AE id: free text) as one `/`-separated part of a
 * composite key such as a stream id: `%` and `/` are percent-encoded, so the parts can be told apart
 * whatever they contain (`-` joined them before, and trial `A-B` + subject `C` met trial `A` + subject
 * `B-C`). Ordinary ids (`NCT04410731`, `CK-002`) stay as they are. The SQL of the migration that moved
 * stored ids (1763800008000) does the same with two `replace` calls.
 */
export function idPart(id: string): string {
  return id.replace(/%/g, '%25').replace(/\//g, '%2F');
}
