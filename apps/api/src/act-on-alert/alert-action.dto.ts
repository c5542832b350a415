import { ApiProperty } from '@nestjs/swagger';
import { text } from '../http/parameters';
import { Parsed, Refused } from '../http/parsed.decorator';

export const MAX_COMMENT_LENGTH = 4000;

const MISSING = 'body must be JSON { "comment": "<why>" } with a non-empty comment';

/** Why the person acts: required, kept with the action in the alert's history (trimmed). */
export class AlertActionBody {
  @ApiProperty({ maxLength: MAX_COMMENT_LENGTH, example: 'Reviewed with the investigator; expedited report filed.' })
  @Parsed(
    (raw) => {
      if (typeof raw !== 'string' || raw.trim() === '') return new Refused(MISSING);
      const comment = text('comment', { maxLength: MAX_COMMENT_LENGTH })(raw);
      return comment instanceof Refused ? comment : comment.trim();
    },
    { required: true },
  )
  comment: string;
}
