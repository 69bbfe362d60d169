import { addressSet, clientAddress, ClientRateLimit } from '../../src/http/client-rate-limit';

describe('ClientRateLimit', () => {
  it('lets a client burst up to the limit, then one more request per 60/limit seconds', () => {
    const limit = new ClientRateLimit(60);
    for (let i = 0; i < 60; i += 1) expect(limit.take('a', 0)).toBe(true);
    expect(limit.take('a', 0)).toBe(false);
    expect(limit.take('b', 0)).toBe(true);
    expect(limit.take('a', 999)).toBe(false);
    expect(limit.take('a', 1_000)).toBe(true);
    expect(limit.take('a', 1_000)).toBe(false);
  });
});

describe('clientAddress', () => {
  const trusted = addressSet('10.0.0.5, 10.0.0.6');

  it('is the socket address unless that is a trusted proxy', () => {
    expect(clientAddress('::ffff:198.51.100.7', '203.0.113.1', trusted)).toBe('198.51.100.7');
    expect(clientAddress('10.0.0.5', undefined, trusted)).toBe('10.0.0.5');
  });

  it('through trusted proxies, is the nearest forwarded address no proxy of ours wrote', () => {
    expect(clientAddress('10.0.0.5', '203.0.113.1, 198.51.100.7', trusted)).toBe('198.51.100.7');
    expect(clientAddress('10.0.0.5', '203.0.113.1, 198.51.100.7, 10.0.0.6', trusted)).toBe('198.51.100.7');
    expect(clientAddress('10.0.0.5', ['203.0.113.1', '10.0.0.6'], trusted)).toBe('203.0.113.1');
  });
});
