import { checkDestination, normalisePhoneNumber, sameDestination } from '@kios/fulfillment';
import { aProduct, googlePlayVoucher, mobileLegendsDiamonds, plnPostpaid, plnToken } from '@kios/testing';

const telco = (provider: string) => aProduct({ provider });
const accepted = (primaryParam: string, secondaryParam?: string) => ({
  ok: true,
  destination: secondaryParam === undefined ? { primaryParam } : { primaryParam, secondaryParam },
});
const refusedFor = (text: string) => ({ ok: false, reason: expect.stringContaining(text) });

describe('phone numbers (telco)', () => {
  it.each(['081234567890', '6281234567890', '+6281234567890', '+62 812-3456-7890', ' 0812 3456 7890 '])(
    'reads %p as 081234567890',
    (number) => {
      expect(checkDestination(telco('telkomsel'), { primaryParam: number })).toEqual(
        accepted('081234567890'),
      );
    },
  );

  it.each(['0212345678', '812345678901', '62 21 1234567', '08123abc890', '', '+6608123456789'])(
    'refuses %p, which is not a mobile number in 08, 628 or +628 form',
    (number) => {
      expect(checkDestination(telco('telkomsel'), { primaryParam: number })).toEqual(
        refusedFor('must be digits starting with 08, 628 or +628'),
      );
    },
  );

  it('accepts 10 to 13 digits in 08 form', () => {
    expect(checkDestination(telco('telkomsel'), { primaryParam: '0812345678' }).ok).toBe(true);
    expect(checkDestination(telco('telkomsel'), { primaryParam: '0812345678901' }).ok).toBe(true);
  });

  it('refuses numbers that are too short or too long, counting digits in 08 form', () => {
    expect(checkDestination(telco('telkomsel'), { primaryParam: '081234567' })).toEqual(
      refusedFor('081234567 has 9 digits'),
    );
    expect(checkDestination(telco('telkomsel'), { primaryParam: '+6281234567890123' })).toEqual(
      refusedFor('081234567890123 has 15 digits'),
    );
  });

  it.each([
    ['telkomsel', ['0811', '0812', '0813', '0821', '0822', '0823', '0851', '0852', '0853']],
    ['indosat', ['0814', '0815', '0816', '0855', '0856', '0857', '0858']],
    ['xl', ['0817', '0818', '0819', '0859', '0877', '0878']],
    ['axis', ['0831', '0832', '0833', '0838']],
    ['tri', ['0895', '0896', '0897', '0898', '0899']],
    ['smartfren', ['0881', '0882', '0883', '0884', '0885', '0886', '0887', '0888', '0889']],
  ])('accepts every %s prefix for a %s product', (provider, prefixes) => {
    for (const prefix of prefixes) {
      const number = `${prefix}12345678`;
      expect(checkDestination(telco(provider), { primaryParam: number })).toEqual(accepted(number));
    }
  });

  it('refuses an XL number for a Telkomsel product, naming both operators', () => {
    expect(checkDestination(telco('telkomsel'), { primaryParam: '081712345678' })).toEqual({
      ok: false,
      reason: 'phone number 081712345678 belongs to xl, not telkomsel',
    });
  });

  it('refuses a Telkomsel number for an Indosat product', () => {
    expect(checkDestination(telco('indosat'), { primaryParam: '085212345678' })).toEqual(
      refusedFor('belongs to telkomsel, not indosat'),
    );
  });

  it('reads the provider without regard to case', () => {
    expect(checkDestination(telco('Telkomsel'), { primaryParam: '081212345678' }).ok).toBe(true);
  });

  it('refuses a number with no operator prefix', () => {
    expect(checkDestination(telco('telkomsel'), { primaryParam: '080012345678' })).toEqual(
      refusedFor('has no known Indonesian operator prefix'),
    );
  });

  it('refuses any number for a provider whose prefixes are not known', () => {
    expect(checkDestination(telco('esia'), { primaryParam: '081212345678' })).toEqual(
      refusedFor('no mobile number prefixes are known for provider "esia"'),
    );
  });

  it('drops a secondaryParam, which phones do not use', () => {
    expect(
      checkDestination(telco('telkomsel'), { primaryParam: '081212345678', secondaryParam: '1' }),
    ).toEqual(accepted('081212345678'));
  });

  it('normalises without the operator check too', () => {
    expect(normalisePhoneNumber('+6289912345678')).toBe('089912345678');
    expect(normalisePhoneNumber('0021')).toBeUndefined();
  });
});

describe('electricity meters (prepaid tokens)', () => {
  it('accepts an 11-digit meter number, trimmed', () => {
    expect(checkDestination(plnToken, { primaryParam: ' 14234567890 ' })).toEqual(accepted('14234567890'));
  });

  it.each([
    ['1423456789', 'has 10 digits, expected 11'],
    ['142345678901', 'has 12 digits, expected 11'],
    ['1423456789O', 'must contain only digits'],
  ])('refuses %p', (meter, reason) => {
    expect(checkDestination(plnToken, { primaryParam: meter })).toEqual(refusedFor(reason));
  });
});

describe('customer ids (bills)', () => {
  it('accepts a 12-digit customer id', () => {
    expect(checkDestination(plnPostpaid, { primaryParam: '532110012345' })).toEqual(accepted('532110012345'));
  });

  it.each([
    ['53211001234', 'has 11 digits, expected 12'],
    ['5321100123456', 'has 13 digits, expected 12'],
    ['5321-1001-2345', 'must contain only digits'],
  ])('refuses %p', (customerId, reason) => {
    expect(checkDestination(plnPostpaid, { primaryParam: customerId })).toEqual(refusedFor(reason));
  });
});

describe('game accounts', () => {
  const noZoneGame = aProduct({ module: 'games', destination: { kind: 'game_account', zone: false } });

  it('accepts a user id with its zone when the game has zones', () => {
    expect(
      checkDestination(mobileLegendsDiamonds, { primaryParam: '123456789', secondaryParam: ' 2345 ' }),
    ).toEqual(accepted('123456789', '2345'));
  });

  it('refuses a missing or blank zone when the game has zones', () => {
    const refusal = refusedFor('needs a zone/server id in secondaryParam');
    expect(checkDestination(mobileLegendsDiamonds, { primaryParam: '123456789' })).toEqual(refusal);
    expect(
      checkDestination(mobileLegendsDiamonds, { primaryParam: '123456789', secondaryParam: ' ' }),
    ).toEqual(refusal);
  });

  it.each(['123456789', 'asia', '12a'])('refuses zone %p, which is not 1 to 8 digits', (zone) => {
    expect(
      checkDestination(mobileLegendsDiamonds, { primaryParam: '123456789', secondaryParam: zone }),
    ).toEqual(refusedFor('must be 1 to 8 digits'));
  });

  it('drops a zone the game does not use', () => {
    expect(checkDestination(noZoneGame, { primaryParam: '98765432', secondaryParam: '1' })).toEqual(
      accepted('98765432'),
    );
  });

  it('accepts user ids of 5 to 20 digits', () => {
    expect(checkDestination(noZoneGame, { primaryParam: '12345' }).ok).toBe(true);
    expect(checkDestination(noZoneGame, { primaryParam: '1'.repeat(20) }).ok).toBe(true);
  });

  it.each(['1234', '1'.repeat(21), 'player01'])('refuses user id %p', (userId) => {
    expect(checkDestination(noZoneGame, { primaryParam: userId })).toEqual(
      refusedFor('must be 5 to 20 digits'),
    );
  });
});

describe('vouchers (no destination to check)', () => {
  it('accepts any non-empty primaryParam, trimmed', () => {
    expect(checkDestination(googlePlayVoucher, { primaryParam: ' budi@example.com ' })).toEqual(
      accepted('budi@example.com'),
    );
  });

  it('refuses a blank primaryParam', () => {
    expect(checkDestination(googlePlayVoucher, { primaryParam: '  ' })).toEqual(
      refusedFor('must not be empty'),
    );
  });
});

describe('sameDestination', () => {
  it('compares primary and secondary params, an absent zone equal to an empty one', () => {
    expect(sameDestination({ primaryParam: '1' }, { primaryParam: '1', secondaryParam: '' })).toBe(true);
    expect(sameDestination({ primaryParam: '1', secondaryParam: '2' }, { primaryParam: '1' })).toBe(false);
    expect(sameDestination({ primaryParam: '1' }, { primaryParam: '2' })).toBe(false);
  });
});
