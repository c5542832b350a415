import { VISIT_EVENT_TYPES } from '@vigil/contracts';
import { RebuildableReaction, StoredEvent, toInputEvent } from '@vigil/event-store';
import { EntityManager } from 'typeorm';

/** What a page of events says about one subject; `null` groups were not mentioned in the page. */
interface SubjectPatch {
  trial_id: string;
  subject_id: string;
  enrolment: { site_id: string; arm: string | null; sex: string | null; age_years: number | null; enrolled_on: string } | null;
  treatment: { treated_on: string; product: string } | null;
  withdrawal: { withdrawn_on: string; withdrawal_reason: string | null } | null;
}

/** Read model `subjects`: enrolment (with the blinded arm), treatment day 0 and withdrawal, per subject. */
export class SubjectsProjection implements RebuildableReaction {
  readonly name = 'subjects';
  readonly eventTypes = ['subject.enrolled', 'treatment.administered', 'subject.withdrawn'] satisfies (typeof VISIT_EVENT_TYPES)[number][];

  /** One upsert per page: the page is folded per subject first (the last enrolment and withdrawal win, the first treatment is day 0). */
  async handle(tx: EntityManager, events: StoredEvent[]): Promise<void> {
    const patches = new Map<string, SubjectPatch>();
    for (const stored of events) {
      const event = toInputEvent(stored);
      const key = JSON.stringify([event.trialid, event.subject]);
      const patch = patches.get(key) ?? {
        trial_id: event.trialid,
        subject_id: event.subject,
        enrolment: null,
        treatment: null,
        withdrawal: null,
      };
      patches.set(key, patch);
      if (event.type === 'subject.enrolled') {
        const d = event.data;
        patch.enrolment = {
          site_id: d.siteId,
          arm: d.arm ?? null,
          sex: d.sex ?? null,
          age_years: d.ageYears ?? null,
          enrolled_on: d.enrolledOn,
        };
      } else if (event.type === 'treatment.administered') {
        patch.treatment ??= { treated_on: event.data.administeredOn, product: event.data.product };
      } else if (event.type === 'subject.withdrawn') {
        patch.withdrawal = { withdrawn_on: event.data.withdrawnOn, withdrawal_reason: event.data.reason ?? null };
      }
    }
    // A group the page did not mention arrives as nulls; enrolledOn and withdrawnOn are required, so their
    // presence says whether the page replaced that group.
    const rows = [...patches.values()].map((p) => ({
      trial_id: p.trial_id,
      subject_id: p.subject_id,
      ...p.enrolment,
      ...p.treatment,
      ...p.withdrawal,
    }));
    await tx.query(
      `insert into subjects (trial_id, subject_id, site_id, arm, sex, age_years, enrolled_on, treated_on, product, withdrawn_on, withdrawal_reason)
       select trial_id, subject_id, site_id, arm, sex, age_years, enrolled_on, treated_on, product, withdrawn_on, withdrawal_reason
       from jsonb_to_recordset($1::jsonb) as r(trial_id text, subject_id text, site_id text, arm text, sex text, age_years int, enrolled_on date, treated_on date, product text, withdrawn_on date, withdrawal_reason text)
       on conflict (trial_id, subject_id) do update set
         site_id = case when excluded.enrolled_on is not null then excluded.site_id else subjects.site_id end,
         arm = case when excluded.enrolled_on is not null then excluded.arm else subjects.arm end,
         sex = case when excluded.enrolled_on is not null then excluded.sex else subjects.sex end,
         age_years = case when excluded.enrolled_on is not null then excluded.age_years else subjects.age_years end,
         enrolled_on = coalesce(excluded.enrolled_on, subjects.enrolled_on),
         product = case when subjects.treated_on is null then excluded.product else subjects.product end,
         treated_on = coalesce(subjects.treated_on, excluded.treated_on),
         withdrawal_reason = case when excluded.withdrawn_on is not null then excluded.withdrawal_reason else subjects.withdrawal_reason end,
         withdrawn_on = coalesce(excluded.withdrawn_on, subjects.withdrawn_on)`,
      [JSON.stringify(rows)],
    );
  }

  readonly tables = ['subjects'];

  async snapshot(tx: EntityManager): Promise<unknown> {
    return tx.query(`select *, enrolled_on::text, treated_on::text, withdrawn_on::text from subjects order by trial_id, subject_id`);
  }
}
