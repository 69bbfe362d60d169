import { createHash } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { parseDigiflazzWebhook, verifyDigiflazzWebhook, type WebhookHeaders } from '@kios/fulfillment';
import { RecordDigiflazzWebhook } from '@kios/ordering';
import { KIOS_CONFIG, type KiosConfig } from '../config/kios-config';
import { KiosMetrics } from '../observability/metrics/kios-metrics';

/** What the endpoint answers: an HTTP status and a small JSON body. */
export type WebhookAnswer = { httpStatus: number; body: Record<string, unknown> };

/** A delivery id names a stream: letters, digits and a few separators (Digiflazz sends a uuid). */
const DELIVERY_ID = /^[A-Za-z0-9._:-]{1,100}$/;

const SUPPLIER = 'digiflazz';

/**
 * Digiflazz's webhook, from raw bytes to a recorded command (docs/digiflazz.md §6): the signature
 * first (401, before anything is parsed), then the body and headers (400 naming what is wrong), then
 * RecordDigiflazzWebhook, whose result is answered 200. Not DANA-signed: Digiflazz signs with
 * `X-Hub-Signature`, an HMAC-SHA1 of the body under KIOS_DIGIFLAZZ_WEBHOOK_SECRET.
 */
@Injectable()
export class DigiflazzWebhookReceiver {
  private readonly logger = new Logger('DigiflazzWebhook');
  private readonly secret: string | undefined;

  constructor(
    @Inject(KIOS_CONFIG) config: Pick<KiosConfig, 'digiflazz'>,
    private readonly commands: CommandBus,
    private readonly metrics: KiosMetrics,
  ) {
    this.secret = config.digiflazz?.webhookSecret;
    if (this.secret === undefined) {
      this.logger.warn(
        'KIOS_DIGIFLAZZ_WEBHOOK_SECRET is not set: POST /suppliers/digiflazz/webhook refuses every webhook ' +
          "(401) until it is. Orders still settle through the follow-up's status checks.",
      );
    }
  }

  async receive(rawBody: Buffer, headers: WebhookHeaders): Promise<WebhookAnswer> {
    if (this.secret === undefined) {
      // Not logged again: the start said so once, and a line per refused webhook would only repeat it.
      return this.refuse(
        401,
        'Unauthorized',
        'kios has no webhook secret configured (KIOS_DIGIFLAZZ_WEBHOOK_SECRET)',
        { log: false },
      );
    }
    if (!verifyDigiflazzWebhook(rawBody, headers['x-hub-signature'], this.secret)) {
      return this.refuse(
        401,
        'Unauthorized',
        'X-Hub-Signature is missing or is not sha1=<HMAC-SHA1 of the body under the webhook secret>',
      );
    }
    // Digiflazz's panel can ping the URL to check it: a signed ping is answered, and records nothing.
    if (headers['x-digiflazz-event'] === 'ping') {
      this.count('ping');
      return { httpStatus: 200, body: { result: 'ping' } };
    }
    const parsed = parseDigiflazzWebhook(rawBody, headers);
    if (!parsed.ok) return this.refuse(400, 'Bad Request', parsed.reason);
    const deliveryId = parsed.webhook.deliveryId ?? bodyDeliveryId(rawBody);
    if (!DELIVERY_ID.test(deliveryId)) {
      return this.refuse(
        400,
        'Bad Request',
        'X-Digiflazz-Delivery must be 1–100 letters, digits, ".", "_", ":" or "-"',
      );
    }
    const outcome = await this.commands.execute(new RecordDigiflazzWebhook(parsed.webhook, deliveryId));
    this.count(outcome.result);
    if (outcome.result === 'recorded' && outcome.reversed) {
      this.metrics.supplierReversals.inc({ supplier: SUPPLIER });
    }
    return { httpStatus: 200, body: outcome };
  }

  private refuse(
    httpStatus: 400 | 401,
    error: string,
    message: string,
    { log } = { log: true },
  ): WebhookAnswer {
    if (log) this.logger.warn(`Digiflazz webhook refused (${httpStatus}): ${message}`);
    this.count(httpStatus === 401 ? 'unauthorized' : 'bad_request');
    return { httpStatus, body: { statusCode: httpStatus, error, message } };
  }

  private count(result: string): void {
    this.metrics.supplierWebhooks.inc({ supplier: SUPPLIER, result });
  }
}

/**
 * Digiflazz documents X-Digiflazz-Delivery on every webhook; should one come without, the same bytes
 * are the same news, so their SHA-256 stands in for the id and a repeat is still recorded once.
 */
function bodyDeliveryId(rawBody: Buffer): string {
  return `sha256-${createHash('sha256').update(rawBody).digest('hex')}`;
}
