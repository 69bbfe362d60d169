import { createHash } from 'node:crypto';
import {
  type DomainEvent,
  type EventSourcedDecider,
  eventDecoder,
  isInstant,
  isString,
  optional,
  shape,
} from '@kios/event-store';
import type { IakCallback } from '@kios/fulfillment';
import { instantData } from '@kios/ordering';

/**
 * One stream per IAK callback, named by what it says. IAK's callback carries no delivery id
 * (docs/iak.md §6), so the same news (ref_id, status, rc, sn, message) sent again is the same
 * delivery: its one event is appended expecting "no stream", so a repeat is recorded and acted on
 * once, as Digiflazz's deliveries are (docs/digiflazz.md §6).
 */
export const IAK_CALLBACK_STREAM_PREFIX = 'iak-callback-';

export function iakCallbackDeliveryId(callback: IakCallback): string {
  const { data } = callback.answer;
  const news = [
    callback.refId,
    String(data.status ?? ''),
    callback.rc,
    callback.answer.sn,
    callback.answer.message,
  ];
  return `sha256-${createHash('sha256').update(JSON.stringify(news)).digest('hex')}`;
}

export const iakCallbackStream = (deliveryId: string): string => `${IAK_CALLBACK_STREAM_PREFIX}${deliveryId}`;

/** What the callback said, as IAK wrote it: the order's events record what kios made of it. */
export type IakCallbackReceivedData = {
  deliveryId: string;
  refId: string;
  rc: string;
  /** IAK's `status` as sent ("0", "1", "2"), when it sent one. */
  status?: string;
  message: string;
  sn?: string;
  receivedAt: string;
};

export type IakCallbackReceived = DomainEvent<'IakCallbackReceived', IakCallbackReceivedData>;

/** Reads stored callback events. IakCallbackReceived is at schema version 1, its first. */
export const decodeIakCallbackEvent = eventDecoder<IakCallbackReceived>({
  IakCallbackReceived: {
    schemaVersion: 1,
    check: shape({
      deliveryId: isString,
      refId: isString,
      rc: isString,
      status: optional(isString),
      message: isString,
      sn: optional(isString),
      receivedAt: isInstant,
    }),
  },
});

export type ReceiveIakCallback = {
  type: 'ReceiveIakCallback';
  data: { deliveryId: string; callback: IakCallback; now: Date };
};

function received({ data }: ReceiveIakCallback): IakCallbackReceived {
  const { answer } = data.callback;
  const status = answer.data.status;
  return {
    type: 'IakCallbackReceived',
    data: {
      deliveryId: data.deliveryId,
      refId: data.callback.refId,
      rc: data.callback.rc,
      ...(status === undefined || status === null ? {} : { status: String(status) }),
      message: answer.message,
      ...(answer.sn === '' ? {} : { sn: answer.sn }),
      receivedAt: instantData(data.now),
    },
  };
}

/** A callback is received once: the same news again records nothing. */
export const iakCallbackDecider: EventSourcedDecider<
  ReceiveIakCallback,
  IakCallbackReceived,
  { status: 'none' | 'received' }
> = {
  decide: (command, state) => (state.status === 'none' ? [received(command)] : []),
  evolve: () => ({ status: 'received' }),
  initialState: { status: 'none' },
  decode: decodeIakCallbackEvent,
};
