import 'reflect-metadata';
import type { ReferenceObject, SchemaObject } from '@nestjs/swagger';
import { defaultMetadataStorage } from 'class-transformer/cjs/storage';
import { getMetadataStorage } from 'class-validator';
import type { ValidationMetadata } from 'class-validator/types/metadata/ValidationMetadata';

// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type -- DTO classes of any constructor shape
type DtoClass = Function;

/** Schemas the validation rules cannot express: a field whose element class depends on its value. */
export type SchemaOverride = (schemas: DtoSchemas) => SchemaObject;
export type SchemaOverrides = Map<DtoClass, Record<string, SchemaOverride>>;

/** docs/dana-protocol.md §1.6: the only time format on DANA's wire. */
const DANA_TIME = {
  type: 'string',
  pattern: '^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\+07:00$',
  description: 'GMT+7 time, YYYY-MM-DDTHH:mm:ss+07:00 (docs/dana-protocol.md §1.6)',
} satisfies SchemaObject;

/**
 * OpenAPI schemas read from the class-validator rules and class-transformer `@Type`s of kios's DTOs:
 * the rules that validate a request are the ones the document shows, so the two cannot drift. A
 * rule this reader does not know stops the generation instead of being left out.
 */
export class DtoSchemas {
  readonly components: Record<string, SchemaObject> = {};
  private readonly names = new Map<DtoClass, string>();
  private readonly classesByName = new Map<string, Set<DtoClass>>();

  /**
   * `sharedNames`: class names several DTO classes carry (the envelope members each API's envelope
   * factory makes); those are named after the field that holds them. Learn them with a first pass.
   */
  constructor(
    private readonly overrides: SchemaOverrides = new Map(),
    private readonly sharedNames: ReadonlySet<string> = new Set(),
  ) {}

  /** A `$ref` to the class's schema, added to `components` on first use. */
  ref(dto: DtoClass, fieldName?: string): ReferenceObject {
    let name = this.names.get(dto);
    if (name === undefined) {
      this.classesByName.set(dto.name, new Set([...(this.classesByName.get(dto.name) ?? []), dto]));
      name =
        this.sharedNames.has(dto.name) || dto.name in this.components ? (fieldName ?? dto.name) : dto.name;
      if (name in this.components) throw new Error(`two DTO classes are named ${name}`);
      this.names.set(dto, name);
      this.components[name] = {};
      this.components[name] = this.objectSchema(dto, name);
    }
    return { $ref: `#/components/schemas/${name}` };
  }

  /** Names more than one of the classes seen so far carry. */
  sharedClassNames(): Set<string> {
    return new Set([...this.classesByName].filter(([, classes]) => classes.size > 1).map(([name]) => name));
  }

  private objectSchema(dto: DtoClass, name: string): SchemaObject {
    const rules = getMetadataStorage().getTargetValidationMetadatas(dto, '', true, false);
    const byProperty = new Map<string, ValidationMetadata[]>();
    for (const rule of rules)
      byProperty.set(rule.propertyName, [...(byProperty.get(rule.propertyName) ?? []), rule]);
    const properties: Record<string, SchemaObject | ReferenceObject> = {};
    const required: string[] = [];
    for (const [property, propertyRules] of byProperty) {
      const override = this.overrides.get(dto)?.[property];
      properties[property] = override
        ? override(this)
        : this.propertySchema(dto, name, property, propertyRules);
      const conditional = propertyRules.some((rule) => rule.type === 'conditionalValidation');
      if (!conditional && propertyRules.some((rule) => rule.type === 'isDefined')) required.push(property);
    }
    return { type: 'object', properties, ...(required.length > 0 ? { required } : {}) };
  }

  private propertySchema(
    dto: DtoClass,
    owner: string,
    property: string,
    rules: ValidationMetadata[],
  ): SchemaObject | ReferenceObject {
    let schema: SchemaObject = {};
    let element: SchemaObject | ReferenceObject | undefined;
    for (const rule of rules) {
      const [first, second] = (rule.constraints ?? []) as unknown[];
      switch (rule.type === 'customValidation' ? rule.name : rule.type) {
        case 'isDefined':
          break;
        case 'conditionalValidation':
          if (rule.name !== 'isOptional') {
            const why = rules.find((other) => other.type === 'isDefined')?.message;
            schema.description = `conditional: ${String(why)}`;
          }
          break;
        case 'nestedValidation': {
          const type = defaultMetadataStorage.findTypeMetadata(dto, property)?.typeFunction();
          if (!type) throw new Error(`${owner}.${property}: nested without @Type, give it a schema override`);
          element = this.ref(type as DtoClass, `${owner}.${property}`);
          break;
        }
        case 'isString':
          if (rule.each) element = { type: 'string' };
          else schema.type = 'string';
          break;
        case 'isLength':
          Object.assign(schema, { minLength: first as number, maxLength: second as number });
          break;
        case 'matches':
          schema.pattern = (first as RegExp).source;
          break;
        case 'isIn':
          schema.enum = [...(first as unknown[])];
          break;
        case 'isBoolean':
          schema.type = 'boolean';
          break;
        case 'isInt':
          schema.type = 'integer';
          break;
        case 'isObject':
          schema.type = 'object';
          break;
        case 'isArray':
          schema.type = 'array';
          break;
        case 'arrayMinSize':
          schema.minItems = first as number;
          break;
        case 'arrayMaxSize':
          schema.maxItems = first as number;
          break;
        case 'isDanaTime':
          schema = { ...schema, ...DANA_TIME };
          break;
        case 'isStringOrObject':
          schema.oneOf = [{ type: 'string', description: 'JSON text' }, { type: 'object' }];
          break;
        default:
          throw new Error(`${owner}.${property}: no OpenAPI form for the rule ${rule.name ?? rule.type}`);
      }
    }
    if (schema.type === 'array') return { ...schema, items: element ?? {} };
    // A nested object is its class's schema; the rule's own `type: object` adds nothing to it.
    return element ?? schema;
  }
}
