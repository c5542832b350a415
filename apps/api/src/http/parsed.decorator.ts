import { Transform } from 'class-transformer';
import { ValidateBy, ValidationArguments } from 'class-validator';

/** What a parameter parser returns for a value it refuses: the reason, in words for the caller. */
export class Refused {
  constructor(readonly reason: string) {}
}

export type Parser<T> = (raw: unknown) => T | Refused;

/**
 * One rule per request parameter, written once: `parse` turns the raw value (string, repeated string,
 * JSON value) into what the handler gets, or refuses it with a reason; the validation pipe reports the
 * reason as a problem naming the parameter. An absent optional value stays undefined; an absent required
 * one is given to `parse` as undefined, which says why it is needed.
 */
export function Parsed<T>(parse: Parser<T>, options: { required?: boolean } = {}): PropertyDecorator {
  const outcome = (value: unknown) => (value === undefined && options.required ? parse(undefined) : value);
  return (target, key) => {
    Transform(({ value }) => (value === undefined ? undefined : parse(value)))(target, key);
    ValidateBy({
      name: 'parsed',
      validator: {
        validate: (value: unknown) => !(outcome(value) instanceof Refused),
        defaultMessage: (args?: ValidationArguments) => {
          const refused = outcome(args?.value);
          return refused instanceof Refused ? refused.reason : `"${String(key)}" is not valid`;
        },
      },
    })(target, key);
  };
}
