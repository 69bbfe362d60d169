import { plainToInstance } from 'class-transformer';
import { validateSync, type ValidationError } from 'class-validator';
import { cacheValidationMetadata } from './validation-metadata-cache';

cacheValidationMetadata();

export type EnvelopeValidation<T> = { ok: true; value: T } | { ok: false; errors: string[] };

/**
 * Validates a parsed envelope against its DTO class. Unknown fields are kept and tolerated (DANA may
 * add fields); values are never converted (a number where a string belongs is an error). Each
 * error names the full field path: `request.body.destinationInfo.primaryParam must be 1-64 characters`.
 */
export function validateEnvelope<T extends object>(
  dtoClass: new () => T,
  plain: unknown,
): EnvelopeValidation<T> {
  if (typeof plain !== 'object' || plain === null || Array.isArray(plain)) {
    return { ok: false, errors: ['body must be a JSON object'] };
  }
  const value = plainToInstance(dtoClass, plain, { enableImplicitConversion: false });
  const errors = validateSync(value, {
    forbidUnknownValues: false,
    whitelist: false,
    stopAtFirstError: true,
    validationError: { target: false, value: false },
  });
  return errors.length === 0
    ? { ok: true, value }
    : { ok: false, errors: errors.flatMap((e) => describe(e, '')) };
}

function describe(error: ValidationError, parentPath: string): string[] {
  const path = /^\d+$/.test(error.property)
    ? `${parentPath}[${error.property}]`
    : parentPath
      ? `${parentPath}.${error.property}`
      : error.property;
  const own = Object.values(error.constraints ?? {}).map((message) => `${path} ${message}`);
  return [...own, ...(error.children ?? []).flatMap((child) => describe(child, path))];
}
