import { formatDanaTime, formatRupiahExact, idr } from '@kios/dana-protocol';
import type { JsonValue, RecordedEvent } from '@kios/event-store';
import {
  decodeOrderEvent,
  isFinal,
  isInFlight,
  orderDecider,
  type OrderEvent,
  type OrderState,
  orderStream,
} from '@kios/ordering';
import {
  eventFacts,
  type Fact,
  formatEventTime,
  inquirySummary,
  type OrderHistory,
  orderStateRows,
} from '@kios/audit';
import { fieldLabel } from './field-labels';

/** How the page colours an event. */
export type TimelineTone =
  | 'fact'
  | 'pending'
  | 'success'
  | 'failure'
  | 'warning'
  | 'callback-refused'
  | 'callback-delivered'
  | 'callback-abandoned';

const TONES: Record<string, TimelineTone> = {
  OrderMarkedPending: 'pending',
  FulfilmentInDoubt: 'warning',
  FulfilmentAttemptFailed: 'warning', // a routed order left a supplier for the next: the route is the auditor's to read
  FulfilmentFlaggedForOperator: 'warning',
  FulfilmentSettledByOperator: 'warning', // a person decided the outcome: the auditor reads who and on what evidence
  FulfilmentReversed: 'warning',
  OrderSucceeded: 'success',
  OrderFailed: 'failure',
  CallbackAttempted: 'callback-refused',
  CallbackDelivered: 'callback-delivered',
  CallbackAbandoned: 'callback-abandoned',
  CallbackRetryRequested: 'pending',
};

/** One line of the order's state, as `kios-cli history --at` has it (money to the sen); `changed` by this event. */
export interface StateRow {
  /** The fact's name in `history --at` (status, price, …). */
  key: string;
  /** What a person reads for it (field-labels.ts). */
  label: string;
  value: string;
  changed: boolean;
}

/** One thing an event states: its property path, the label a person reads, and the value (money to the sen). */
export interface TimelineFact {
  key: string;
  label: string;
  value: string;
}

export interface TimelineEntry {
  /** GMT+7 with milliseconds (formatEventTime), as `kios-cli history` prints it. */
  time: string;
  /** ISO-8601 UTC, for machines. */
  instant: string;
  type: string;
  /** stream#revision */
  place: string;
  eventId: string;
  correlationId: string;
  causationId: string;
  facts: TimelineFact[];
  tone: TimelineTone;
  /** Why DANA did not take a callback (or why it was abandoned), as recorded: the page highlights it. */
  callbackReason?: string;
  /** The order right after this event; undefined for events of another stream (its inquiry). */
  stateAfter?: StateRow[];
}

/** One Order Complete Callback attempt (or decision about it), for the attempts table. */
export interface CallbackLine {
  time: string;
  attempt: string;
  outcome: 'not accepted' | 'delivered' | 'abandoned' | 'retry requested';
  detail: string;
}

export interface OrderTimeline {
  requestId: string;
  streams: string[];
  entries: TimelineEntry[];
  callbacks: CallbackLine[];
  /** The order after its last event. */
  current: StateRow[];
  inquiry: TimelineInquiry;
  /** What an admin may do to the order as it stands (the commands still decide): the page's forms. */
  actions: { retryCallback: boolean; settle: boolean };
}

/** The inquiry the order named, in words (inquirySummary), and which of `entries` are its events. */
export interface TimelineInquiry {
  summary: string;
  /** Positions in `entries`, oldest first; empty when the order has no inquiry kios recorded. */
  entries: number[];
}

/** Everything an auditor reads on the timeline page, from the order's history (events as recorded). */
export function orderTimeline(history: OrderHistory): OrderTimeline {
  const ownStream = orderStream(history.requestId);
  const own = history.events.filter((event) => event.stream === ownStream);
  let state: OrderState = orderDecider.initialState;
  let previous: StateRow[] = [];
  const entries = history.events.map((event): TimelineEntry => {
    const order = event.stream === ownStream ? decodeOrderEvent(event) : undefined;
    const entry: TimelineEntry = {
      time: formatEventTime(event.recordedAt),
      instant: event.recordedAt.toISOString(),
      type: event.type,
      place: `${event.stream}#${event.revision}`,
      eventId: event.id,
      correlationId: metadataText(event.metadata.correlationId),
      causationId: metadataText(event.metadata.causationId),
      facts: eventFacts(event.data, history.requestId).map(timelineFact),
      tone: TONES[event.type] ?? 'fact',
      ...(order && callbackReason(order)),
    };
    if (!order) return entry;
    state = orderDecider.evolve(state, order);
    const rows = stateRows(state);
    const before = new Map(previous.map((row) => [row.key, row.value]));
    previous = rows.map((row) => ({ ...row, changed: before.get(row.key) !== row.value }));
    return { ...entry, stateAfter: previous };
  });
  return {
    requestId: history.requestId,
    streams: history.streams,
    entries,
    callbacks: own.flatMap(callbackLine),
    current: previous.map((row) => ({ ...row, changed: false })),
    inquiry: {
      summary: inquirySummary(history),
      entries: history.events.flatMap((event, index) =>
        event.stream === history.inquiry?.stream ? [index] : [],
      ),
    },
    actions: {
      retryCallback: isFinal(state) && state.callback.status === 'abandoned',
      settle: isInFlight(state),
    },
  };
}

/** The state's facts as the auditors' CLI has them (orderStateRows), labelled for people, money to the sen. */
function stateRows(state: OrderState): StateRow[] {
  return (orderStateRows(state, formatRupiahExact) ?? []).map(({ key, value }) => ({
    key,
    label: fieldLabel(key),
    value,
    changed: false,
  }));
}

/** An event's fact for the page: labelled, and money as rupiah with every sen (`Rp 10.000,00`). */
function timelineFact(fact: Fact): TimelineFact {
  const value = fact.minorUnits === undefined ? fact.value : formatRupiahExact(idr(fact.minorUnits));
  return { key: fact.key, label: fieldLabel(fact.key), value };
}

/** Why DANA did not take a callback, or why it was abandoned, as recorded. */
function callbackReason(event: OrderEvent): Pick<TimelineEntry, 'callbackReason'> {
  return event.type === 'CallbackAttempted' || event.type === 'CallbackAbandoned'
    ? { callbackReason: event.data.reason }
    : {};
}

function callbackLine(recorded: RecordedEvent): CallbackLine[] {
  const event = decodeOrderEvent(recorded);
  const time = formatEventTime(recorded.recordedAt);
  switch (event.type) {
    case 'CallbackAttempted': {
      const { attempt, reason, nextAttemptAt } = event.data;
      const next = nextAttemptAt ? `; next attempt at ${formatDanaTime(new Date(nextAttemptAt))}` : '';
      return [{ time, attempt: String(attempt), outcome: 'not accepted', detail: `${reason}${next}` }];
    }
    case 'CallbackDelivered':
      return [
        { time, attempt: String(event.data.attempt), outcome: 'delivered', detail: 'DANA accepted it' },
      ];
    case 'CallbackAbandoned':
      return [{ time, attempt: '-', outcome: 'abandoned', detail: event.data.reason }];
    case 'CallbackRetryRequested':
      return [{ time, attempt: '-', outcome: 'retry requested', detail: `by ${event.data.requestedBy}` }];
    default:
      return [];
  }
}

function metadataText(value: JsonValue | undefined): string {
  if (value === undefined || value === null) return '-';
  return typeof value === 'string' ? value : JSON.stringify(value);
}
