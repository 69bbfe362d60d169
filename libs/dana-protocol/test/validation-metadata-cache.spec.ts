import 'reflect-metadata';
import { getMetadataStorage, IsInt, IsString, registerDecorator, validateSync } from 'class-validator';
import { cacheValidationMetadata } from '../src/validation/validation-metadata-cache';

// Each jest test file has a global object, and with it a class-validator metadata storage, of its own.
class Base {
  @IsString()
  name!: string;

  @IsInt({ groups: ['admin'] })
  level!: number;
}

class Child extends Base {
  @IsInt()
  count!: number;
}

class Unrelated {
  @IsString({ always: true })
  label!: string;
}

const LOOKUPS: Parameters<ReturnType<typeof getMetadataStorage>['getTargetValidationMetadatas']>[] = [
  [Child, '', false, false, undefined],
  [Child, '', false, false, ['admin']],
  [Child, '', true, true, []],
  [Base, '', false, false, undefined],
  [Unrelated, '', false, true, undefined],
];

const answers = () => {
  const storage = getMetadataStorage();
  return LOOKUPS.map((lookup) => {
    const metadatas = storage.getTargetValidationMetadatas(...lookup);
    return { metadatas, grouped: storage.groupByPropertyName(metadatas) };
  });
};

const describeErrors = (value: object) =>
  validateSync(value).map((error) => [error.property, Object.keys(error.constraints ?? {})]);

describe('cacheValidationMetadata', () => {
  const uncached = answers();
  const uncachedErrors = describeErrors(Object.assign(new Child(), { name: 1, count: 'x' }));
  cacheValidationMetadata();

  it('answers every lookup as class-validator does, inheritance and groups included', () => {
    expect(answers()).toEqual(uncached);
    expect(describeErrors(Object.assign(new Child(), { name: 1, count: 'x' }))).toEqual(uncachedErrors);
    expect(uncachedErrors).toEqual([
      ['count', ['isInt']],
      ['name', ['isString']],
      ['level', ['isInt']],
    ]);
  });

  it('answers a repeated lookup from what it remembered', () => {
    const storage = getMetadataStorage();
    const first = storage.getTargetValidationMetadatas(Child, '', false, false, undefined);
    const again = storage.getTargetValidationMetadatas(Child, '', false, false, undefined);

    expect(again).toBe(first);
    expect(storage.groupByPropertyName(again)).toBe(storage.groupByPropertyName(first));
    expect(storage.getTargetValidationMetadatas(Child, '', false, false, ['admin'])).not.toBe(first);
  });

  it('given a rule registered after a lookup, applies it from the next validation on', () => {
    const valid = Object.assign(new Child(), { name: 'n', count: 1, level: 2 });
    expect(describeErrors(valid)).toEqual([]);

    registerDecorator({
      target: Child,
      propertyName: 'count',
      name: 'isEven',
      validator: { validate: (value: unknown) => typeof value === 'number' && value % 2 === 0 },
    });

    expect(describeErrors(valid)).toEqual([['count', ['isEven']]]);
  });

  it('is installed once however often it is asked', () => {
    const storage = getMetadataStorage();
    const lookUp = storage.getTargetValidationMetadatas;
    cacheValidationMetadata();
    expect(storage.getTargetValidationMetadatas).toBe(lookUp);
  });
});
