import { VISIT_EVENT_TYPES } from '@vigil/contracts';
import { RebuildableReaction, StoredEvent, toInputEvent } from '@vigil/event-store';
import { EntityManager } from 'typeorm';

/** Read model `subjects`: enrolment (with the blinded arm), treatment day 0 and withdrawal, per subject. */
export class SubjectsProjection implements RebuildableReaction {
  readonly name = 'subjects';
  readonly eventTypes = ['subject.enrolled', 'treatment.administered', 'subject.withdrawn'] satisfies (typeof VISIT_EVENT_TYPES)[number][];

  async handle(tx: EntityManager, events: StoredEvent[]): Promise<void> {
    for (const stored of events) {
      const event = toInputEvent(stored);
      const key = [event.trialid, event.subject];
      await tx.query(`insert into subjects (trial_id, subject_id) values ($1, $2) on conflict do nothing`, key);
      if (event.type === 'subject.enrolled') {
        const d = event.data;
        await tx.query(
          `update subjects set site_id = $3, arm = $4, sex = $5, age_years = $6, enrolled_on = $7 where trial_id = $1 and subject_id = $2`,
          [...key, d.siteId, d.arm ?? null, d.sex ?? null, d.ageYears ?? null, d.enrolledOn],
        );
      } else if (event.type === 'treatment.administered') {
        // The first treatment is day 0; a later one does not move it.
        await tx.query(
          `update subjects set treated_on = $3, product = $4 where trial_id = $1 and subject_id = $2 and treated_on is null`,
          [...key, event.data.administeredOn, event.data.product],
        );
      } else if (event.type === 'subject.withdrawn') {
        await tx.query(`update subjects set withdrawn_on = $3, withdrawal_reason = $4 where trial_id = $1 and subject_id = $2`, [
          ...key, event.data.withdrawnOn, event.data.reason ?? null,
        ]);
      }
    }
  }

  async reset(tx: EntityManager): Promise<void> {
    await tx.query(`delete from subjects`);
  }

  async snapshot(tx: EntityManager): Promise<unknown> {
    return tx.query(`select *, enrolled_on::text, treated_on::text, withdrawn_on::text from subjects order by trial_id, subject_id`);
  }
}
