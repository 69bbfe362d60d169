import 'reflect-metadata';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsDefined,
  IsIn,
  IsInt,
  IsObject,
  IsOptional,
  IsString,
  Length,
  Matches,
  ValidateBy,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { isDanaTime } from '../clock';

/**
 * Field rules for DANA's DTOs. Messages hold only the rule; `validateEnvelope` prefixes the full
 * field path (`request.body.destinationInfo.primaryParam must be 1-64 characters`). Rules run in the
 * order listed and stop at the first failure, so a missing field reports "is required" only.
 */
type Rule = PropertyDecorator;

function rules(...decorators: Rule[]): Rule {
  return (target, key) => decorators.forEach((decorate) => decorate(target, key));
}

const REQUIRED = (message = 'is required') => IsDefined({ message });
const STRING = () => IsString({ message: 'must be a string' });
const OBJECT = () => IsObject({ message: 'must be an object' });

function length(min: number, max: number): Rule {
  return Length(min, max, { message: `must be ${min}-${max} characters` });
}

/** Present only when `when(object)` holds; otherwise the field is not checked at all. */
export function OnlyWhen(when: (object: never) => boolean): Rule {
  return ValidateIf((object) => when(object as never));
}

/** `whenMissing` replaces "is required" for conditionally required fields, to say why. */
export function RequiredText(min: number, max: number, whenMissing?: string): Rule {
  return rules(REQUIRED(whenMissing), STRING(), length(min, max));
}

/** Absent and `null` are both accepted (HARNESS sends `orderId: null`, docs/dana-protocol.md §3.4). */
export function OptionalText(min: number, max: number): Rule {
  return rules(IsOptional(), STRING(), length(min, max));
}

/** Text without a length bound published by DANA (serial numbers, tokens, messages). */
export function RequiredAnyText(): Rule {
  return rules(REQUIRED(), STRING());
}

export function OptionalAnyText(): Rule {
  return rules(IsOptional(), STRING());
}

export function RequiredOneOf(values: readonly string[]): Rule {
  const message = values.length === 1 ? `must be ${values[0]}` : `must be one of ${values.join(', ')}`;
  return rules(REQUIRED(), STRING(), IsIn([...values], { message }));
}

export function RequiredDigits(min: number, max: number, meaning: string): Rule {
  const count = min === max ? `exactly ${min}` : `${min}-${max}`;
  return rules(
    REQUIRED(),
    STRING(),
    Matches(new RegExp(`^\\d{${min},${max}}$`), { message: `must be ${count} digits (${meaning})` }),
  );
}

/** docs/dana-protocol.md §1.6: exactly `YYYY-MM-DDTHH:mm:ss+07:00`, a real calendar instant. */
const DANA_TIME = () =>
  ValidateBy(
    {
      name: 'isDanaTime',
      validator: { validate: (value) => typeof value === 'string' && isDanaTime(value) },
    },
    { message: 'must be a GMT+7 time like 2025-01-15T10:00:00+07:00' },
  );

export function RequiredDanaTime(): Rule {
  return rules(REQUIRED(), STRING(), DANA_TIME());
}

export function RequiredBoolean(): Rule {
  return rules(REQUIRED(), IsBoolean({ message: 'must be a boolean' }));
}

type DtoClass = new () => object;

export function RequiredObject(dto: () => DtoClass): Rule {
  return rules(REQUIRED(), OBJECT(), ValidateNested({ message: 'must be an object' }), Type(dto));
}

export function OptionalObject(dto: () => DtoClass): Rule {
  return rules(IsOptional(), OBJECT(), ValidateNested({ message: 'must be an object' }), Type(dto));
}

interface ArraySize {
  min: number;
  max?: number;
}

function arrayOf(dto: () => DtoClass, size: ArraySize): Rule[] {
  const bounds: Rule[] = [ArrayMinSize(size.min, { message: `must have at least ${size.min} item(s)` })];
  if (size.max !== undefined)
    bounds.push(ArrayMaxSize(size.max, { message: `must have at most ${size.max} items` }));
  return [
    IsArray({ message: 'must be an array' }),
    ...bounds,
    ValidateNested({ each: true, message: 'must be an object' }),
    Type(dto),
  ];
}

export function RequiredArray(dto: () => DtoClass, size: ArraySize): Rule {
  return rules(REQUIRED(), ...arrayOf(dto, size));
}

export function OptionalArray(dto: () => DtoClass): Rule {
  return rules(IsOptional(), ...arrayOf(dto, { min: 0 }));
}

export function OptionalTextList(): Rule {
  return rules(
    IsOptional(),
    IsArray({ message: 'must be an array' }),
    IsString({ each: true, message: 'must hold only strings' }),
  );
}

export function OptionalInteger(): Rule {
  return rules(IsOptional(), IsInt({ message: 'must be an integer' }));
}

/** `extendInfo` is JSON text for JULO/HARNESS but a nested object for OLDPHP (docs/dana-protocol.md §3.3): take both. */
export function OptionalStringOrObject(): Rule {
  return rules(
    IsOptional(),
    ValidateBy(
      {
        name: 'isStringOrObject',
        validator: {
          validate: (value) =>
            typeof value === 'string' || (typeof value === 'object' && !Array.isArray(value)),
        },
      },
      { message: 'must be a JSON string or an object' },
    ),
  );
}
