import { type JsonValue, positionToCheckpoint, type RecordedEvent } from '@kios/event-store';
import { formatEventTime } from './audit-time';
import { eventFacts } from './event-facts';
import { inquirySummary, type OrderHistory } from './order-history';

const LINE_WIDTH = 110;
const FACT_INDENT = '    ';

/**
 * The history for people: one header line per event (GMT+7 time to the millisecond, type, stream and revision,
 * correlation and causation ids) in aligned columns, then the facts it added, wrapped.
 */
export function formatHistory(history: OrderHistory): string[] {
  const typeWidth = Math.max(...history.events.map((event) => event.type.length));
  const placeWidth = Math.max(...history.events.map((event) => place(event).length));
  const lines = [
    `order ${history.requestId}: ${history.events.length} events in ${history.streams.join(', ')} (times GMT+7)`,
    inquirySummary(history),
  ];
  for (const event of history.events) {
    lines.push(
      [
        formatEventTime(event.recordedAt),
        event.type.padEnd(typeWidth),
        place(event).padEnd(placeWidth),
        `correlation=${metadataText(event.metadata.correlationId)}`,
        `causation=${metadataText(event.metadata.causationId)}`,
      ].join('  '),
    );
    const facts = eventFacts(event.data, history.requestId).map((fact) => `${fact.key}=${fact.value}`);
    lines.push(...wrap(facts, FACT_INDENT, LINE_WIDTH));
  }
  return lines;
}

/** The history for machines: raw data and metadata as stored, every field always present. */
export function historyDocument(history: OrderHistory) {
  return {
    requestId: history.requestId,
    streams: history.streams,
    /** null: the order named no inquiry; `events` 0: kios recorded none under the id it named. */
    inquiry: history.inquiry ?? null,
    events: history.events.map((event) => ({
      recordedAt: formatEventTime(event.recordedAt),
      type: event.type,
      stream: event.stream,
      revision: event.revision.toString(),
      position: positionToCheckpoint(event.position),
      id: event.id,
      correlationId: event.metadata.correlationId ?? null,
      causationId: event.metadata.causationId ?? null,
      data: event.data,
      metadata: event.metadata,
    })),
  };
}

const place = (event: RecordedEvent): string => `${event.stream}#${event.revision}`;

function metadataText(value: JsonValue | undefined): string {
  if (value === undefined || value === null) return '-';
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** Joins items with ", " into lines no wider than `width` (an item longer than a line gets its own). */
function wrap(items: string[], indent: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const [index, item] of items.entries()) {
    const piece = index < items.length - 1 ? `${item},` : item;
    if (line !== '' && indent.length + line.length + 1 + piece.length > width) {
      lines.push(indent + line);
      line = piece;
    } else {
      line = line === '' ? piece : `${line} ${piece}`;
    }
  }
  if (line !== '') lines.push(indent + line);
  return lines;
}
