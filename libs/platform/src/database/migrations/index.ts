import { EventStore1763800000000 } from './1763800000000-event-store';
import { SafetyReadModels1763800001000 } from './1763800001000-safety-read-models';
import { DsmbSponsorReadModels1763800002000 } from './1763800002000-dsmb-sponsor-read-models';
import { MonitorStatus1763800003000 } from './1763800003000-monitor-status';
import { NothingLostNothingStuck1763800004000 } from './1763800004000-nothing-lost-nothing-stuck';
import { LeanStore1763800005000 } from './1763800005000-lean-store';
import { StoppingRulesPerSubject1763800006000 } from './1763800006000-stopping-rules-per-subject';
import { LeastPrivilege1763800007000 } from './1763800007000-least-privilege';
import { UnambiguousStreamIds1763800008000 } from './1763800008000-unambiguous-stream-ids';

/** In order. Never edit a migration that has shipped: add a new one. */
export const MIGRATIONS = [
  EventStore1763800000000,
  SafetyReadModels1763800001000,
  DsmbSponsorReadModels1763800002000,
  MonitorStatus1763800003000,
  NothingLostNothingStuck1763800004000,
  LeanStore1763800005000,
  StoppingRulesPerSubject1763800006000,
  LeastPrivilege1763800007000,
  UnambiguousStreamIds1763800008000,
];
