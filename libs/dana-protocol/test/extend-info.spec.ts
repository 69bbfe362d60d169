import { parseExtendInfo } from '../src/dto/extend-info';

describe('parseExtendInfo', () => {
  it.each([
    ['JSON text', '{"inquiryId":"INQ-1"}', { inquiryId: 'INQ-1' }],
    ['an object', { inquiryId: 'INQ-1' }, { inquiryId: 'INQ-1' }],
    ['nothing', undefined, {}],
    ['text that is not JSON', '{inquiryId:', {}],
    ['JSON text of an array', '["INQ-1"]', {}],
    ['JSON text of a string', '"INQ-1"', {}],
    ['null', null, {}],
  ])('reads %s', (_case, extendInfo, expected) => {
    expect(parseExtendInfo(extendInfo)).toEqual(expected);
  });
});
