import { project, Shape, values } from '@vigil/safety-domain';
import { EVERY_BLINDABLE_FIELD } from '../blinding/every-blindable-field';
import { SponsorViewOf } from '../blinding/sponsor-view';
import { LabPeaks } from './lab-peaks';

/** eDISH as a sponsor sees it: the peaks and the Hy's law flag, listed field by field; never the arm. */
const PEAK: Shape = values('xUln', 'value', 'uln', 'unit', 'date', 'visitCode');
const LAB_PEAKS: Shape = {
  items: [
    {
      ...values('subjectId', 'transaminaseXUln', 'biliXUln', 'hysLaw', 'hysLawAlertId'),
      alt: PEAK,
      ast: PEAK,
      bili: PEAK,
      alp: PEAK,
    },
  ],
  thresholds: values('transaminaseXUln', 'biliXUln'),
};

export const sponsorLabPeaksView: SponsorViewOf<LabPeaks> = (body) => project(body, LAB_PEAKS, EVERY_BLINDABLE_FIELD);
