import { ArgumentMetadata, Injectable, ValidationError, ValidationPipe } from '@nestjs/common';
import { InvalidParameterDto, InvalidRequestException, ParameterLocation } from './problem';

const LOCATIONS: Partial<Record<ArgumentMetadata['type'], ParameterLocation>> = { param: 'path', query: 'query', body: 'body' };

class Invalid extends Error {
  constructor(readonly errors: ValidationError[]) {
    super('invalid request');
  }
}

/**
 * The one validation of the API (class-validator on the request DTOs, the same classes @nestjs/swagger
 * documents). Each DTO property parses its raw value (see `Parsed`); a failure becomes a 400 problem naming
 * every parameter at fault and where it was given. An empty query parameter counts as absent.
 * Global for path, query and body; headers are validated by passing it to the header decorator.
 */
@Injectable()
export class RequestValidationPipe extends ValidationPipe {
  constructor(private readonly location?: ParameterLocation) {
    super({
      transform: true,
      whitelist: true,
      stopAtFirstError: true,
      validateCustomDecorators: location !== undefined,
      validationError: { target: false, value: false },
      exceptionFactory: (errors) => new Invalid(errors),
    });
  }

  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    const location = this.location ?? LOCATIONS[metadata.type];
    if (location === 'query' && isRecord(value)) value = Object.fromEntries(Object.entries(value).filter(([, v]) => v !== ''));
    // A JSON body that is not an object (null, an array, nothing) is read as {}: its fields are then missing.
    if (location === 'body' && !isRecord(value)) value = {};
    try {
      return await super.transform(value, metadata);
    } catch (error) {
      if (!(error instanceof Invalid) || location === undefined) throw error;
      throw new InvalidRequestException(error.errors.flatMap((e) => parameters(e, location)));
    }
  }
}

function parameters(error: ValidationError, location: ParameterLocation, prefix = ''): InvalidParameterDto[] {
  const name = `${prefix}${error.property}`;
  const own = Object.values(error.constraints ?? {})
    .slice(0, 1)
    .map((reason) => ({ in: location, name, reason }));
  return [...own, ...(error.children ?? []).flatMap((child) => parameters(child, location, `${name}.`))];
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
