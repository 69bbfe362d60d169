import { DecoderSpec, storedEvent } from '@kios/testing';
import {
  arrayOf,
  type DomainEvent,
  eventDecoder,
  isBoolean,
  isDigits,
  isInstant,
  isString,
  oneOf,
  optional,
  shape,
  anyOf,
} from '../src';

/**
 * A test stream kind with a history: `Priced` was version 1 with `price` a number of rupiah, and is
 * version 2 with `amount` a minor-unit digit string; `Noted` never changed.
 */
type Priced = DomainEvent<'Priced', { itemId: string; amount: string; note?: string }>;
type Noted = DomainEvent<'Noted', { itemId: string; tags: string[]; at: string }>;
type TestEvent = Priced | Noted;

const decodeTestEvent = eventDecoder<TestEvent>({
  Priced: {
    schemaVersion: 2,
    check: shape({ itemId: isString, amount: isDigits, note: optional(isString) }),
    upcast: {
      1: ({ price, ...rest }) => ({ ...rest, amount: `${Number(price) * 100}` }),
    },
  },
  Noted: {
    schemaVersion: 1,
    check: shape({ itemId: isString, tags: arrayOf(isString), at: isInstant }),
  },
});

const spec = DecoderSpec.for(decodeTestEvent);
const at = { stream: 'item-7', revision: 3n };

describe('event decoder', () => {
  describe('an event of the current version', () => {
    it('is the domain event, its data as stored', () =>
      spec
        .given(
          storedEvent('Priced', { itemId: '7', amount: '150000' }, { ...at, metadata: { schemaVersion: 2 } }),
        )
        .whenDecoded()
        .then({ type: 'Priced', data: { itemId: '7', amount: '150000' } }));

    it('keeps an optional field that was written', () =>
      spec
        .given(
          storedEvent(
            'Priced',
            { itemId: '7', amount: '1', note: 'sale' },
            { metadata: { schemaVersion: 2 } },
          ),
        )
        .whenDecoded()
        .then({ type: 'Priced', data: { itemId: '7', amount: '1', note: 'sale' } }));
  });

  describe('an event of an older version', () => {
    it('is upcast to the current version', () =>
      spec
        .given(storedEvent('Priced', { itemId: '7', price: 1500 }, { metadata: { schemaVersion: 1 } }))
        .whenDecoded()
        .then({ type: 'Priced', data: { itemId: '7', amount: '150000' } }));

    it('counts as version 1 when its metadata has no schemaVersion (written before versions were recorded)', () =>
      spec
        .given(storedEvent('Priced', { itemId: '7', price: 2 }, { metadata: { correlationId: 'c-1' } }))
        .whenDecoded()
        .then({ type: 'Priced', data: { itemId: '7', amount: '200' } }));

    it('is checked after upcasting, and the problem says it was upcast', () =>
      spec
        .given(storedEvent('Priced', { price: 2 }, { ...at, metadata: { schemaVersion: 1 } }))
        .whenDecoded()
        .thenUnreadable(
          'unreadable event Priced at item-7@3: data.itemId is missing (upcast from schema version 1)',
        ));
  });

  describe('an event it cannot read', () => {
    it('names the stream, the revision and the type when the type is unknown', () =>
      spec
        .given(storedEvent('Discounted', { itemId: '7' }, at))
        .whenDecoded()
        .thenUnreadable(
          'unreadable event Discounted at item-7@3: not a type this stream kind has (it has Priced, Noted)',
        ));

    it('names the field that failed its check', () =>
      spec
        .given(
          storedEvent('Priced', { itemId: '7', amount: 1500 }, { ...at, metadata: { schemaVersion: 2 } }),
        )
        .whenDecoded()
        .thenUnreadable('unreadable event Priced at item-7@3: data.amount must be a digit string, got 1500'));

    it('names a missing required field', () =>
      spec
        .given(storedEvent('Noted', { itemId: '7', at: '2025-01-15T03:06:10.000Z' }, at))
        .whenDecoded()
        .thenUnreadable('unreadable event Noted at item-7@3: data.tags is missing'));

    it('names the element of an array that failed', () =>
      spec
        .given(storedEvent('Noted', { itemId: '7', tags: ['a', 2], at: '2025-01-15T03:06:10.000Z' }, at))
        .whenDecoded()
        .thenUnreadable('data.tags[1] must be a string, got 2'));

    it('refuses an optional field written as null (writers leave it out)', () =>
      spec
        .given(
          storedEvent('Priced', { itemId: '7', amount: '1', note: null }, { metadata: { schemaVersion: 2 } }),
        )
        .whenDecoded()
        .thenUnreadable('data.note must be a string, got null'));

    it('refuses a version newer than the one this code reads', () =>
      spec
        .given(
          storedEvent(
            'Noted',
            { itemId: '7', tags: [], at: '2025-01-15T03:06:10.000Z' },
            { ...at, metadata: { schemaVersion: 2 } },
          ),
        )
        .whenDecoded()
        .thenUnreadable(
          'unreadable event Noted at item-7@3: written as schema version 2; this code reads up to 1',
        ));

    it('refuses a schemaVersion that is not a positive integer', () =>
      spec
        .given(
          storedEvent(
            'Noted',
            { itemId: '7', tags: [], at: '2025-01-15T03:06:10.000Z' },
            { metadata: { schemaVersion: '1' } },
          ),
        )
        .whenDecoded()
        .thenUnreadable('metadata schemaVersion must be a positive integer, got "1"'));

    it('refuses an older version with no upcast to the next one', () => {
      const decode = eventDecoder<Noted>({
        Noted: {
          schemaVersion: 3,
          check: shape({ itemId: isString, tags: arrayOf(isString), at: isInstant }),
          upcast: { 1: (data) => data },
        },
      });

      DecoderSpec.for(decode)
        .given(storedEvent('Noted', { itemId: '7', tags: [], at: '2025-01-15T03:06:10.000Z' }))
        .whenDecoded()
        .thenUnreadable('no upcast from schema version 2 to 3');
    });
  });

  describe('for readers of a mixed feed', () => {
    it('knows its own event types and no others', () => {
      expect(decodeTestEvent.types).toEqual(['Priced', 'Noted']);
      expect(decodeTestEvent.knows('Noted')).toBe(true);
      expect(decodeTestEvent.knows('OrderPlaced')).toBe(false);
      expect(decodeTestEvent.knows('toString')).toBe(false);
    });

    it('tells writers the version to store for each type', () => {
      expect(decodeTestEvent.schemaVersionOf('Priced')).toBe(2);
      expect(decodeTestEvent.schemaVersionOf('Noted')).toBe(1);
    });
  });
});

describe('data checks', () => {
  it('accept instants as Date.toISOString writes them, and refuse other text', () => {
    expect(isInstant('2025-01-15T03:06:10.000Z')).toBe(true);
    expect(isInstant('2025-01-15 03:06:10')).toBe(false);
    expect(isInstant('2025-13-45T03:06:10.000Z')).toBe(false);
  });

  it('accept money only as a digit string', () => {
    expect(isDigits('1025000')).toBe(true);
    expect(isDigits(1025000)).toBe(false);
    expect(isDigits('-5')).toBe(false);
    expect(isDigits('')).toBe(false);
  });

  it('name every form a value of a union failed', () => {
    const destination = anyOf(
      shape({ kind: oneOf('phone') }),
      shape({ kind: oneOf('game_account'), zone: isBoolean }),
    );

    expect(destination({ kind: 'game_account', zone: true })).toBe(true);
    expect(destination.problem({ kind: 'game_account' })).toBe(
      'data.kind must be one of "phone", got "game_account", or data.zone is missing',
    );
  });
});
