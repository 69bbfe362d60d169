import { randomUUID } from 'node:crypto';
import type { ModeState } from '../control/modes';
import { webhookSignature } from '../protocol/signatures';
import type { Transaction, TransactionEvent } from '../purchase/transaction-book';

/** One webhook supplier-sim sent (or was told to drop), for `GET /_control/webhooks`. */
export interface WebhookDelivery {
  delivery: string;
  event: TransactionEvent;
  url: string;
  ref_id: string;
  status: string;
  rc: string;
  at: string;
  /** The receiver's HTTP status, or what went wrong; absent until it answered (or when dropped). */
  http_status?: number;
  error?: string;
  misbehaviour?: 'dropped' | 'duplicate' | 'bad_signature';
  delayed_ms?: number;
}

/**
 * How one supplier words its webhooks: which changes it sends at all, and the body and headers of one.
 * Digiflazz's (below) is the default; IAK's callback is another (iak/iak-callbacks.ts).
 */
export interface WebhookFormat {
  sends(event: TransactionEvent, transaction: Transaction): boolean;
  render(
    event: TransactionEvent,
    transaction: Transaction,
    delivery: { id: string; badSignature: boolean },
  ): { body: string; headers: Record<string, string> };
}

export interface WebhookSenderOptions {
  /** Where webhooks go when the transaction has no `cb_url`; none: only `cb_url` ones are sent. */
  url?: string;
  /** Signs `X-Hub-Signature`; without one the header is left out, as Digiflazz does. */
  secret?: string;
  modes: ModeState;
  now: () => number;
  timeoutMs?: number;
  /** Digiflazz's webhooks unless given. */
  format?: WebhookFormat;
}

/**
 * Digiflazz's webhook (developer.digiflazz.com/api/buyer/webhook): a POST of `{data: {...}}` (the
 * transaction answer) with X-Digiflazz-Event create|update, X-Digiflazz-Delivery, X-Hub-Signature
 * `sha1=<HMAC-SHA1 hex of the raw body>` and User-Agent Digiflazz-Hookshot (Digiflazz-Pasca-Hookshot
 * for postpaid); none for a postpaid inquiry.
 */
function digiflazzFormat(secret: string | undefined): WebhookFormat {
  return {
    sends: (_event, transaction) => transaction.stage !== 'inquiry' && transaction.supplier !== 'iak',
    render: (event, transaction, delivery) => {
      const body = JSON.stringify({ data: transaction.data });
      const headers: Record<string, string> = {
        'Content-Type': 'application/json',
        'User-Agent': transaction.kind === 'pasca' ? 'Digiflazz-Pasca-Hookshot' : 'Digiflazz-Hookshot',
        'X-Digiflazz-Event': event,
        'X-Digiflazz-Delivery': delivery.id,
      };
      if (secret !== undefined) {
        headers['X-Hub-Signature'] = webhookSignature(
          delivery.badSignature ? `${secret}-not-the-secret` : secret,
          body,
        );
      }
      return { body, headers };
    },
  };
}

/**
 * Sends a supplier's webhooks (Digiflazz's unless told another format), misbehaving as the modes
 * say. One attempt per delivery: supplier-sim does not retry.
 */
export class WebhookSender {
  private readonly sent: WebhookDelivery[] = [];
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly inFlight = new Set<Promise<void>>();
  private readonly abort = new AbortController();

  private readonly format: WebhookFormat;

  constructor(private readonly options: WebhookSenderOptions) {
    this.format = options.format ?? digiflazzFormat(options.secret);
  }

  deliveries(): WebhookDelivery[] {
    return this.sent.map((delivery) => ({ ...delivery }));
  }

  clear(): void {
    this.sent.length = 0;
  }

  /** Sends (in the background) the event of a transaction, misbehaving as the modes say. */
  send(event: TransactionEvent, transaction: Transaction): void {
    const url = transaction.cbUrl ?? this.options.url;
    if (!url || !this.format.sends(event, transaction)) return;
    const { modes } = this.options;
    const delivery: WebhookDelivery = {
      delivery: randomUUID(),
      event,
      url,
      ref_id: transaction.data.ref_id,
      status: transaction.data.status,
      rc: transaction.data.rc,
      at: new Date(this.options.now()).toISOString(),
    };
    if (modes.takeWebhook('drop')) {
      this.sent.push({ ...delivery, misbehaviour: 'dropped' });
      return;
    }
    const badSignature = modes.takeWebhook('badSignature');
    const times = modes.takeWebhook('duplicate') ? 2 : 1;
    const delayMs = modes.webhookDelayMs;
    const { body, headers } = this.format.render(event, transaction, { id: delivery.delivery, badSignature });
    for (let copy = 0; copy < times; copy++) {
      const record: WebhookDelivery = {
        ...delivery,
        ...(badSignature ? { misbehaviour: 'bad_signature' as const } : {}),
        ...(copy > 0 ? { misbehaviour: 'duplicate' as const } : {}),
        ...(delayMs > 0 ? { delayed_ms: delayMs } : {}),
      };
      this.sent.push(record);
      this.later(delayMs, () => this.post(record, body, headers));
    }
  }

  /** Resolves once every delivery already on its way has answered or failed. */
  async settled(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
  }

  /** Drops deliveries still waiting and aborts those on their way. */
  close(): void {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    this.abort.abort();
  }

  private later(delayMs: number, run: () => Promise<void>): void {
    const start = () => {
      const sending = run().finally(() => this.inFlight.delete(sending));
      this.inFlight.add(sending);
    };
    if (delayMs <= 0) return start();
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      start();
    }, delayMs);
    timer.unref();
    this.timers.add(timer);
  }

  private async post(record: WebhookDelivery, body: string, headers: Record<string, string>): Promise<void> {
    try {
      const response = await fetch(record.url, {
        method: 'POST',
        headers,
        body,
        signal: AbortSignal.any([this.abort.signal, AbortSignal.timeout(this.options.timeoutMs ?? 5000)]),
      });
      await response.arrayBuffer();
      record.http_status = response.status;
    } catch (error) {
      record.error = error instanceof Error ? error.message : String(error);
    }
  }
}
