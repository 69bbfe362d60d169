import { createHmac } from 'node:crypto';
import { idr } from '@kios/dana-protocol';
import { outcomeOfDigiflazzWebhook, parseDigiflazzWebhook, verifyDigiflazzWebhook } from '@kios/fulfillment';

const SECRET = 'somesecretvalue';
/** The documented body's `price`, 199,800 rupiah, in minor units: the cost its success carries. */
const COST = idr(19_980_000n);

/** Digiflazz's documented prepaid webhook body (https://developer.digiflazz.com/api/buyer/webhook/). */
const body = (fields: Record<string, unknown> = {}) =>
  Buffer.from(
    JSON.stringify({
      data: {
        ref_id: '30467470',
        customer_no: '081280556115',
        buyer_sku_code: 'ovo100',
        message: 'Sukses',
        status: 'Sukses',
        rc: '00',
        buyer_last_saldo: 326719460,
        sn: 'SEPTIAPAR/20190401214753214742',
        price: 199800,
        tele: '@telegram',
        wa: '081234512345',
        ...fields,
      },
    }),
  );

/** As the docs' Laravel example computes it: 'sha1=' . hash_hmac('sha1', $body, $secret). */
const signature = (raw: Buffer, secret = SECRET) =>
  `sha1=${createHmac('sha1', secret).update(raw).digest('hex')}`;

const headers = (event = 'update', delivery = '72d3162e-cc78-11e3-81ab-4c9367dc0958') => ({
  'x-digiflazz-event': event,
  'x-digiflazz-delivery': delivery,
  'user-agent': 'Digiflazz-Hookshot',
});

describe('Digiflazz webhooks', () => {
  describe('verifyDigiflazzWebhook', () => {
    const raw = body();

    it('accepts sha1=<hex HMAC-SHA1 of the raw body under the secret>', () => {
      expect(verifyDigiflazzWebhook(raw, signature(raw), SECRET)).toBe(true);
    });

    it('accepts the hex in capitals too', () => {
      expect(
        verifyDigiflazzWebhook(raw, signature(raw).toUpperCase().replace('SHA1=', 'sha1='), SECRET),
      ).toBe(true);
    });

    it.each([
      ['another secret', signature(raw, 'another secret')],
      ['a body changed by one byte', signature(Buffer.from(raw.toString().replace('199800', '199801')))],
      ['a digest cut short', signature(raw).slice(0, -2)],
      ['a digest that is not hex', `sha1=${'z'.repeat(40)}`],
      ['no algorithm prefix', signature(raw).slice('sha1='.length)],
      ["another algorithm's prefix", signature(raw).replace('sha1=', 'sha256=')],
      ['sha256 over the body', `sha256=${createHmac('sha256', SECRET).update(raw).digest('hex')}`],
      ['an empty header', ''],
    ])('refuses %s', (_what, header) => {
      expect(verifyDigiflazzWebhook(raw, header, SECRET)).toBe(false);
    });

    it('refuses a missing header, a repeated header and an empty secret', () => {
      expect(verifyDigiflazzWebhook(raw, undefined, SECRET)).toBe(false);
      expect(verifyDigiflazzWebhook(raw, [signature(raw), signature(raw)], SECRET)).toBe(false);
      expect(verifyDigiflazzWebhook(raw, signature(raw, ''), '')).toBe(false);
    });

    it('checks the bytes as sent: the same JSON re-serialised differently does not verify', () => {
      const spaced = Buffer.from(JSON.stringify(JSON.parse(raw.toString()), null, 2));
      expect(verifyDigiflazzWebhook(spaced, signature(raw), SECRET)).toBe(false);
    });
  });

  describe('parseDigiflazzWebhook', () => {
    it('reads event, delivery id, ref_id and the outcome by the same rc table', () => {
      expect(parseDigiflazzWebhook(body(), headers('create'))).toEqual({
        ok: true,
        webhook: {
          event: 'create',
          deliveryId: '72d3162e-cc78-11e3-81ab-4c9367dc0958',
          refId: '30467470',
          rc: '00',
          outcome: { status: 'succeeded', serialNumber: 'SEPTIAPAR/20190401214753214742', cost: COST },
          answer: expect.objectContaining({
            rc: '00',
            status: 'Sukses',
            message: 'Sukses',
            refId: '30467470',
          }),
        },
      });
    });

    it.each([
      [{ rc: '03', status: 'Pending' }, { status: 'pending' }],
      [
        { rc: '02', status: 'Gagal', message: 'Transaksi Gagal' },
        { status: 'failed', reason: 'Digiflazz rc 02 (Transaksi Gagal)' },
      ],
      [
        { rc: '74', status: 'Gagal', message: 'Transaksi Refund' },
        { status: 'failed', reason: 'Digiflazz rc 74 (Transaksi Refund)' },
      ],
      [
        { rc: '49', status: 'Gagal' },
        { status: 'in_doubt', reason: expect.any(String) },
      ],
      [
        { rc: '01', status: 'Gagal' },
        { status: 'in_doubt', reason: expect.any(String) },
      ],
      [
        { rc: '93', status: 'Gagal' },
        { status: 'in_doubt', reason: expect.any(String) },
      ],
    ])('%p → %p', (fields, outcome) => {
      const parsed = parseDigiflazzWebhook(body(fields), headers());
      expect(parsed).toMatchObject({ ok: true, webhook: { event: 'update', outcome } });
    });

    it('parses the PLN token out of the sn when told the product delivers one', () => {
      const parsed = parseDigiflazzWebhook(
        body({ sn: '1234-5678-9012-3456-7890/BUDI/R1/1300/32.5' }),
        headers(),
        {
          delivery: 'token',
        },
      );
      expect(parsed).toMatchObject({ ok: true, webhook: { outcome: { token: '12345678901234567890' } } });
    });

    it('reads a parsed webhook again for the product its ref_id was bought for (the token of prepaid electricity)', () => {
      const parsed = parseDigiflazzWebhook(
        body({ sn: '1234-5678-9012-3456-7890/BUDI/R1/1300/32.5' }),
        headers(),
      );
      if (!parsed.ok) throw new Error(parsed.reason);
      expect(parsed.webhook.outcome).not.toHaveProperty('token');
      expect(outcomeOfDigiflazzWebhook(parsed.webhook, { delivery: 'token' })).toEqual({
        status: 'succeeded',
        serialNumber: '1234-5678-9012-3456-7890/BUDI/R1/1300/32.5',
        token: '12345678901234567890',
        cost: COST,
      });
      expect(outcomeOfDigiflazzWebhook(parsed.webhook, { delivery: 'serial' })).toEqual(
        parsed.webhook.outcome,
      );
    });

    it('has no deliveryId when Digiflazz sent none', () => {
      const parsed = parseDigiflazzWebhook(body(), { 'x-digiflazz-event': 'update' });
      expect(parsed.ok && parsed.webhook.deliveryId).toBeUndefined();
    });

    it.each([
      ['an unknown event', body(), headers('ping'), /X-Digiflazz-Event/],
      ['no event', body(), {}, /X-Digiflazz-Event/],
      ['a body that is not JSON', Buffer.from('{"data":'), headers(), /not JSON/],
      ['no data.rc', Buffer.from('{"data":{"ref_id":"1"}}'), headers(), /data.rc/],
      ['no ref_id', Buffer.from('{"data":{"rc":"00"}}'), headers(), /ref_id/],
    ])('refuses %s', (_what, raw, given, reason) => {
      expect(parseDigiflazzWebhook(raw, given)).toEqual({ ok: false, reason: expect.stringMatching(reason) });
    });
  });
});
