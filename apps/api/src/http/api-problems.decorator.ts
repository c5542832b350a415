import { applyDecorators } from '@nestjs/common';
import { ApiBearerAuth, ApiExtraModels, ApiResponse, getSchemaPath } from '@nestjs/swagger';
import { PROBLEM_CONTENT_TYPE, ProblemDto } from './problem';

const WHEN: Record<number, string> = {
  400: 'A parameter or body field is malformed; `errors` names each one',
  401: 'No token, or a token that is not a valid HS256 JWT with Vigil claims and an `exp` within the maximum lifetime',
  403: "The trial is outside the token's `trials`, or the role may not do this",
  404: 'No such resource in this trial (as of `asOf`)',
  409: "The alert's state does not allow this action",
  500: 'The API failed; the cause is in its log',
  503: 'Something this answer needs is not available (for a PDF: no headless browser); `detail` names it',
};

/** The problem responses (RFC 9457) a route may answer, documented with their one schema. */
export function ApiProblems(...statuses: number[]): ClassDecorator & MethodDecorator {
  return applyDecorators(
    ApiExtraModels(ProblemDto),
    ...statuses.map((status) =>
      ApiResponse({
        status,
        description: WHEN[status],
        content: { [PROBLEM_CONTENT_TYPE]: { schema: { $ref: getSchemaPath(ProblemDto) } } },
      }),
    ),
  );
}

/** A route under /api/trials: bearer token, and the problems every such route may answer. */
export function TrialApi(): ClassDecorator {
  return applyDecorators(ApiBearerAuth(), ApiProblems(400, 401, 403, 500));
}
