import { ApiProperty } from '@nestjs/swagger';
import { ROLES, Role } from '@vigil/auth';
import { oneOf, text } from '../http/parameters';
import { Parsed, Refused } from '../http/parsed.decorator';

const TRIALS = 'trials must be a non-empty list of trial ids, or ["*"] for every trial';

/** Who the development sign-in should make you: a role and its trials, as `mint-token` takes them. */
export class DevTokenRequest {
  @ApiProperty({ enum: ROLES, example: 'dsmb' })
  @Parsed(oneOf('role', ROLES), { required: true })
  role: Role;

  @ApiProperty({ type: [String], example: ['NCT04410731'], description: 'Trial ids, or ["*"] for every trial' })
  @Parsed(
    (raw) => {
      if (!Array.isArray(raw) || raw.length === 0 || raw.length > 100) return new Refused(TRIALS);
      const trials: string[] = [];
      for (const item of raw) {
        const trial = text('trials', { maxLength: 100 })(item);
        if (trial instanceof Refused || trial.trim() === '') return new Refused(TRIALS);
        trials.push(trial.trim());
      }
      return trials;
    },
    { required: true },
  )
  trials: string[];
}

export class DevTokenDto {
  @ApiProperty({ description: 'A bearer token (HS256 JWT) for the requested role and trials' }) token: string;
  @ApiProperty({ description: 'Seconds until it expires' }) expiresIn: number;
}
