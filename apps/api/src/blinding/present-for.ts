import { Alert } from '@vigil/contracts';
import { sponsorVisibleAlert } from '@vigil/safety-domain';
import { Principal } from '../auth/principal';

/** Every alert leaving the API passes here: sponsors never see the arm or anything derived from it. */
export function presentAlert(alert: Alert, principal: Principal): Alert {
  return principal.role === 'sponsor' ? sponsorVisibleAlert(alert) : alert;
}
