import { Inject, Injectable, Logger } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { parseIakCallback } from '@kios/fulfillment';
import { KIOS_CONFIG, type KiosConfig } from '../config/kios-config';
import { KiosMetrics } from '../observability/metrics/kios-metrics';
import { iakCallbackDeliveryId } from './iak-callback-delivery';
import { RecordIakCallback } from './iak-callback.handler';
import type { WebhookAnswer } from './digiflazz-webhook.receiver';

const SUPPLIER = 'iak';

/**
 * IAK's callback, from raw bytes to a recorded command (docs/iak.md §6): the sign first,
 * md5(username + api_key + data.ref_id) with kios's own IAK account (401 and nothing recorded when it
 * is missing or wrong), then the body (400 naming what is wrong), then RecordIakCallback, whose
 * result is answered 200. IAK documents no answer it expects; a 200 is what every receiver gives.
 */
@Injectable()
export class IakCallbackReceiver {
  private readonly logger = new Logger('IakCallback');
  private readonly account: { username: string; apiKey: string } | undefined;

  constructor(
    @Inject(KIOS_CONFIG) config: Pick<KiosConfig, 'iak'>,
    private readonly commands: CommandBus,
    private readonly metrics: KiosMetrics,
  ) {
    this.account = config.iak && { username: config.iak.username, apiKey: config.iak.apiKey };
  }

  async receive(rawBody: Buffer): Promise<WebhookAnswer> {
    if (this.account === undefined)
      return this.refuse(401, 'Unauthorized', 'kios has no IAK account configured');
    const parsed = parseIakCallback(rawBody, this.account);
    if (!parsed.ok)
      return this.refuse(
        parsed.unauthorized ? 401 : 400,
        parsed.unauthorized ? 'Unauthorized' : 'Bad Request',
        parsed.reason,
      );
    const { callback } = parsed;
    const outcome = await this.commands.execute(
      new RecordIakCallback(callback, iakCallbackDeliveryId(callback)),
    );
    this.count(outcome.result);
    if (outcome.result === 'recorded' && outcome.reversed)
      this.metrics.supplierReversals.inc({ supplier: SUPPLIER });
    return { httpStatus: 200, body: outcome };
  }

  private refuse(httpStatus: 400 | 401, error: string, message: string): WebhookAnswer {
    this.logger.warn(`IAK callback refused (${httpStatus}): ${message}`);
    this.count(httpStatus === 401 ? 'unauthorized' : 'bad_request');
    return { httpStatus, body: { statusCode: httpStatus, error, message } };
  }

  private count(result: string): void {
    this.metrics.supplierWebhooks.inc({ supplier: SUPPLIER, result });
  }
}
