import { BadRequestException } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

/** Where a request parameter was given, in OpenAPI's words (`in`), plus `body` for a JSON body field. */
export type ParameterLocation = 'path' | 'query' | 'header' | 'body';

export class InvalidParameterDto {
  @ApiProperty({ enum: ['path', 'query', 'header', 'body'] })
  in: ParameterLocation;

  @ApiProperty({ description: 'The parameter, header or body field at fault', example: 'cursor' })
  name: string;

  @ApiProperty({ example: '"cursor" is not a cursor this API returned' })
  reason: string;
}

/**
 * The one error body of the API: RFC 9457 problem details (`application/problem+json`). `type` is
 * `about:blank`, so `title` is the HTTP status phrase; `detail` says what was wrong in words a caller can act on.
 */
export class ProblemDto {
  @ApiProperty({ example: 'about:blank' })
  type: string;

  @ApiProperty({ example: 'Bad Request' })
  title: string;

  @ApiProperty({ example: 400 })
  status: number;

  @ApiProperty({ example: '"asOf" must be an ISO 8601 time with offset, e.g. 2021-03-01T00:00:00Z (got "2021-02-03")' })
  detail: string;

  @ApiProperty({ description: 'The request path this problem occurred on', example: '/api/trials/NCT04410731/alerts' })
  instance: string;

  @ApiPropertyOptional({ type: [InvalidParameterDto], description: 'Each parameter or field at fault (malformed requests)' })
  errors?: InvalidParameterDto[];
}

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

/** A 400 that names the parameters at fault; the filter turns it into a problem with `errors`. */
export class InvalidRequestException extends BadRequestException {
  constructor(readonly errors: InvalidParameterDto[]) {
    super(errors.map((e) => e.reason).join('; '));
  }
}

export function invalidParameter(location: ParameterLocation, name: string, reason: string): InvalidRequestException {
  return new InvalidRequestException([{ in: location, name, reason }]);
}
