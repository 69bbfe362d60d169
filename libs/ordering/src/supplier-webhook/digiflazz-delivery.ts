/** The stream of one Digiflazz webhook delivery: its event, decoder and decider (docs/digiflazz.md §6). */
import {
  type DomainEvent,
  type EventSourcedDecider,
  eventDecoder,
  isInstant,
  isString,
  oneOf,
  optional,
  shape,
} from '@kios/event-store';
import type { DigiflazzWebhook } from '@kios/fulfillment';
import { instantData } from '../event-data';

/**
 * One stream per Digiflazz webhook delivery, named by its `X-Digiflazz-Delivery` id. Its one event
 * is appended expecting "no stream", so a delivery sent twice (or two copies racing) is recorded and
 * acted on once (docs/digiflazz.md §6), as the order stream's first append makes Create Order
 * idempotent (docs/architecture.md §3).
 */
export const DIGIFLAZZ_WEBHOOK_STREAM_PREFIX = 'digiflazz-webhook-';

export const digiflazzWebhookStream = (deliveryId: string): string =>
  `${DIGIFLAZZ_WEBHOOK_STREAM_PREFIX}${deliveryId}`;

/** What the webhook said, as Digiflazz wrote it: the order's events record what kios made of it. */
export type DigiflazzWebhookReceivedData = {
  deliveryId: string;
  event: 'create' | 'update';
  refId: string;
  rc: string;
  /** Digiflazz's status word (Sukses / Pending / Gagal …), when it sent one. */
  status?: string;
  message: string;
  sn?: string;
  receivedAt: string;
};

export type DigiflazzWebhookReceived = DomainEvent<'DigiflazzWebhookReceived', DigiflazzWebhookReceivedData>;

export type DigiflazzDeliveryEvent = DigiflazzWebhookReceived;

/** Reads stored delivery events. DigiflazzWebhookReceived is at schema version 1, its first. */
export const decodeDigiflazzDeliveryEvent = eventDecoder<DigiflazzDeliveryEvent>({
  DigiflazzWebhookReceived: {
    schemaVersion: 1,
    check: shape({
      deliveryId: isString,
      event: oneOf('create', 'update'),
      refId: isString,
      rc: isString,
      status: optional(isString),
      message: isString,
      sn: optional(isString),
      receivedAt: isInstant,
    }),
  },
});

export type DigiflazzDeliveryState = { status: 'none' } | { status: 'received' };

/** A delivery kios received, with its id (given by Digiflazz, or derived from the body when it gave none). */
export type ReceiveDigiflazzWebhook = {
  type: 'ReceiveDigiflazzWebhook';
  data: { deliveryId: string; webhook: DigiflazzWebhook; now: Date };
};

function received({ data }: ReceiveDigiflazzWebhook): DigiflazzWebhookReceived {
  const { answer } = data.webhook;
  return {
    type: 'DigiflazzWebhookReceived',
    data: {
      deliveryId: data.deliveryId,
      event: data.webhook.event,
      refId: data.webhook.refId,
      rc: data.webhook.rc,
      ...(answer.status === undefined ? {} : { status: answer.status }),
      message: answer.message,
      ...(answer.sn === '' ? {} : { sn: answer.sn }),
      receivedAt: instantData(data.now),
    },
  };
}

/** A delivery is received once: the same delivery again records nothing. */
export const digiflazzDeliveryDecider: EventSourcedDecider<
  ReceiveDigiflazzWebhook,
  DigiflazzDeliveryEvent,
  DigiflazzDeliveryState
> = {
  decide: (command, state) => (state.status === 'none' ? [received(command)] : []),
  evolve: () => ({ status: 'received' }),
  initialState: { status: 'none' },
  decode: decodeDigiflazzDeliveryEvent,
};
