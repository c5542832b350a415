import { BLINDABLE_FIELDS, Protocol } from '../protocol/protocol';

/**
 * The fields sponsors must not see for a trial: its protocol's declaration, or — for a trial without a
 * protocol, whose design nobody declared — every blindable field.
 */
export function blindedFieldsOf(protocol: Protocol | undefined): ReadonlySet<string> {
  return new Set(protocol ? ['arm', ...protocol.blinding.fields] : BLINDABLE_FIELDS);
}
