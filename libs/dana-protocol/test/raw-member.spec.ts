import { rawMember } from '../src/signature/raw-member';

describe('rawMember', () => {
  it('returns the exact characters of a member value, whitespace and escapes kept', () => {
    const request = '{ "head" : {"a":"x\\"}y"},\n "body":[1, {"b":"]"}] }';
    const body = `{"signature":"abc","request":${request}}`;
    expect(rawMember(body, 'request')).toBe(request);
    expect(rawMember(body, 'signature')).toBe('"abc"');
  });

  it('reads through pretty-printed bodies and members placed after other values', () => {
    const body =
      '{\n  "n": -1.5e3,\n  "t": true,\n  "z": null,\n  "s": "a\\\\",\n  "response": {"k": "v"}\n}';
    expect(rawMember(body, 'n')).toBe('-1.5e3');
    expect(rawMember(body, 't')).toBe('true');
    expect(rawMember(body, 'z')).toBe('null');
    expect(rawMember(body, 's')).toBe('"a\\\\"');
    expect(rawMember(body, 'response')).toBe('{"k": "v"}');
  });

  it('matches member names after unescaping them, as JSON.parse does', () => {
    expect(rawMember('{"\\u0072equest":{"a":1}}', 'request')).toBe('{"a":1}');
  });

  it('returns the last occurrence of a repeated member, the one JSON.parse keeps', () => {
    const body = '{"request":{"genuine":true},"request":{"forged":true},"signature":"x"}';
    expect(rawMember(body, 'request')).toBe('{"forged":true}');
    expect(JSON.parse(rawMember(body, 'request')!)).toEqual(JSON.parse(body).request);
  });

  it('does not mistake a nested member for a top-level one', () => {
    expect(rawMember('{"outer":{"request":{"a":1}}}', 'request')).toBeUndefined();
  });

  it.each([
    ['an absent member', '{"response":{}}'],
    ['an empty object', '{}'],
    ['an array', '[{"request":{}}]'],
    ['a string', '"request"'],
    ['an empty text', ''],
    ['an unterminated object', '{"request":{"a":1}'],
    ['an unterminated string', '{"request":"abc'],
    ['a missing colon', '{"request" {}}'],
    ['a missing value', '{"request":}'],
    ['a broken escape in a name', '{"\\x":1,"request":{}}'],
  ])('returns undefined for %s', (_case, text) => {
    expect(rawMember(text, 'request')).toBeUndefined();
  });
});
