import type { Check } from './data-checks';
import type { Decider, DomainEvent } from './decider';
import type { JsonObject, RecordedEvent } from './event-store.port';

/** What a decoder reads of a stored event. */
export type StoredEvent = Pick<RecordedEvent, 'type' | 'data' | 'metadata' | 'stream' | 'revision'>;

/**
 * A stored event no decoder can turn into a domain event: a type it does not know, a schema version
 * it cannot read, or data that does not have the shape of its type. Thrown where the event is read,
 * before any fold sees it.
 */
export class UnreadableEvent extends Error {
  override readonly name = 'UnreadableEvent';
  constructor(
    readonly stream: string,
    readonly revision: bigint,
    readonly type: string,
    readonly reason: string,
  ) {
    super(`unreadable event ${type} at ${stream}@${revision}: ${reason}`);
  }
}

/** Turns the data of schema version n into version n + 1. */
export type Upcast = (data: JsonObject) => JsonObject;

/** How one event type is stored, and how to read every version of it. */
export interface EventSchema<Data> {
  /** The version written today; stored in each event's metadata `schemaVersion`. */
  schemaVersion: number;
  /** The shape of the current version's data: required fields and their JSON types. */
  check: Check<Data>;
  /** `upcast[n]` turns version n into n + 1, for every n below `schemaVersion`. */
  upcast?: Readonly<Record<number, Upcast>>;
}

/** Per event type of a stream kind: its schema. */
export type DecoderTable<E extends DomainEvent> = {
  readonly [T in E['type']]: EventSchema<Extract<E, { type: T }>['data']>;
};

/** Reads stored events of one stream kind as its domain events, or throws UnreadableEvent. */
export interface EventDecoder<E extends DomainEvent> {
  (event: StoredEvent): E;
  /** The event types it reads: a reader of `$all` filters with them. */
  readonly types: readonly E['type'][];
  /** Whether `type` is one of its event types (a reader of a mixed feed skips the others). */
  knows(type: string): type is E['type'];
  /** The schema version writers store for `type` today. */
  schemaVersionOf(type: E['type']): number;
  /** The check of `type`'s data at that version (its `form` lists every field it can carry). */
  dataCheckOf(type: E['type']): Check<unknown>;
}

/** A decider whose events are stored: `decode` reads them back, checked. */
export type EventSourcedDecider<C, E extends DomainEvent, S> = Decider<C, E, S> & { decode: EventDecoder<E> };

/** Events written before versions were recorded are version 1. */
const FIRST_VERSION = 1;

function storedVersion(event: StoredEvent): number | string {
  const version = event.metadata.schemaVersion;
  if (version === undefined || version === null) return FIRST_VERSION;
  return Number.isSafeInteger(version) && (version as number) >= FIRST_VERSION
    ? (version as number)
    : `metadata schemaVersion must be a positive integer, got ${JSON.stringify(version)}`;
}

/**
 * The decode step of one stream kind, from its table: the stored version is upcast to the current
 * one, step by step, then the data is checked against the current shape. The check is what makes
 * the result a domain event; nothing else turns stored data into one.
 */
export function eventDecoder<E extends DomainEvent>(table: DecoderTable<E>): EventDecoder<E> {
  const types = Object.keys(table) as E['type'][];
  const knows = (type: string): type is E['type'] => Object.prototype.hasOwnProperty.call(table, type);
  const schemaOf = (type: E['type']): EventSchema<unknown> => table[type];

  const decode = (event: StoredEvent): E => {
    const unreadable = (reason: string) =>
      new UnreadableEvent(event.stream, event.revision, event.type, reason);
    if (!knows(event.type)) {
      throw unreadable(`not a type this stream kind has (it has ${types.join(', ')})`);
    }
    const schema = schemaOf(event.type);
    const version = storedVersion(event);
    if (typeof version === 'string') throw unreadable(version);
    if (version > schema.schemaVersion) {
      throw unreadable(`written as schema version ${version}; this code reads up to ${schema.schemaVersion}`);
    }
    let data = event.data;
    for (let from = version; from < schema.schemaVersion; from += 1) {
      const upcast = schema.upcast?.[from];
      if (!upcast) throw unreadable(`no upcast from schema version ${from} to ${from + 1}`);
      data = upcast(data);
    }
    const problem = schema.check.problem(data);
    if (problem !== undefined) {
      const upcastNote = version < schema.schemaVersion ? ` (upcast from schema version ${version})` : '';
      throw unreadable(`${problem}${upcastNote}`);
    }
    // Checked just above against the schema of exactly this type.
    return { type: event.type, data } as unknown as E;
  };

  return Object.assign(decode, {
    types,
    knows,
    schemaVersionOf: (type: E['type']) => schemaOf(type).schemaVersion,
    dataCheckOf: (type: E['type']) => schemaOf(type).check,
  });
}
