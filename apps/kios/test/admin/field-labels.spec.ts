import { eventFacts, ORDER_STATE_KEYS } from '@kios/audit';
import type { DomainEvent, EventDecoder, JsonObject } from '@kios/event-store';
import { decodeInquiryEvent, decodeOrderEvent } from '@kios/ordering';
import { fullestData, storedEvent } from '@kios/testing';
import { FIELD_LABELS, fieldLabel, humanisedPath } from '../../src/admin/field-labels';

/** Every fact key an event of the decoder's types can show, with every optional field present. */
function factKeysOf<E extends DomainEvent>(decode: EventDecoder<E>): Map<string, string> {
  const keys = new Map<string, string>();
  for (const type of decode.types) {
    for (const data of fullestData(decode.dataCheckOf(type))) {
      // The sample is a real event of the type: the decoder reads it.
      expect(() => decode(storedEvent(type, data))).not.toThrow();
      for (const fact of eventFacts(data as JsonObject)) keys.set(fact.key.replace(/\[\d+\]/g, ''), type);
    }
  }
  return keys;
}

describe('field labels on the timeline page', () => {
  it.each([
    ['order', decodeOrderEvent],
    ['inquiry', decodeInquiryEvent],
  ] as const)('label every property %s events can carry', (_kind, decode: EventDecoder<DomainEvent>) => {
    const keys = factKeysOf(decode);
    // A positive control: the walk reaches nested, optional and listed fields.
    expect([...keys.keys()]).toEqual(expect.arrayContaining(['destination.primaryParam']));
    const unlabelled = [...keys].filter(([key]) => FIELD_LABELS[key] === undefined);
    expect(unlabelled).toEqual([]);
  });

  it('reaches the optional, nested and listed properties of OrderPlaced', () => {
    expect([...factKeysOf(decodeOrderEvent).keys()]).toEqual(
      expect.arrayContaining([
        'inquiryId',
        'billAmounts.fineAmount',
        'product.offers.maxCost',
        'product.destination.zone',
        'destination.secondaryParam',
      ]),
    );
  });

  it("labels every line of the order's state", () => {
    expect(ORDER_STATE_KEYS.filter((key) => FIELD_LABELS[key] === undefined)).toEqual([]);
  });

  it('reads as a person would, not as a property path', () => {
    expect(fieldLabel('destination.primaryParam')).toBe('Destination');
    expect(fieldLabel('price')).toBe("DANA's price");
    expect(fieldLabel('supplierRef')).toBe('Supplier reference');
    expect(fieldLabel('serialNumber')).toBe('Serial number');
    expect(fieldLabel('period[1]')).toBe('Billing period 2');
    expect(fieldLabel('product.offers[0].sku')).toBe("Offer supplier's product code 1");
  });

  it('falls back to the path in words for a property no label names', () => {
    expect(FIELD_LABELS['destination.customerNumber']).toBeUndefined();
    expect(fieldLabel('destination.customerNumber')).toBe('Destination customer number');
    expect(fieldLabel('supplierAnswer[2].rc')).toBe('Supplier answer rc 3');
    expect(humanisedPath('billAmounts.adminFeePLN')).toBe('Bill amounts admin fee PLN');
  });
});
