import { SetMetadata } from '@nestjs/common';

/**
 * How a route's answer looks to a sponsor (SPEC §5): a function that builds the sponsor's body from the
 * full one with an explicit list of fields (see `project`), given the trial's protocol-declared blinded
 * fields. Every route that answers sponsors declares one; the BlindingInterceptor refuses to answer a
 * sponsor from a route without one, so a new route cannot leak by being forgotten.
 */
export type SponsorViewOf<T = unknown> = (body: T, blindedFieldsOf: (trialId: string) => ReadonlySet<string>) => unknown;

export const SPONSOR_VIEW = 'vigil:sponsor-view';

export const SponsorView = <T>(view: SponsorViewOf<T>) => SetMetadata(SPONSOR_VIEW, view);
