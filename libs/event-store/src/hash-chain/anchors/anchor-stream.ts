import type { EventStore, EventToAppend, RecordedEvent } from '../../event-store.port';
import { type Anchor, ANCHOR_EVENT_TYPE, ANCHOR_STREAM, anchorJson, readAnchor } from './anchor-record';

/** An anchor as it is appended to ANCHOR_STREAM (through the hash-chained store, so the stream is chained too). */
export function anchorEvent(
  anchor: Anchor,
  metadata: { correlationId: string; recordedAt: string },
): EventToAppend {
  return {
    type: ANCHOR_EVENT_TYPE,
    data: anchorJson(anchor),
    metadata: { ...metadata, causationId: metadata.correlationId, schemaVersion: 1 },
  };
}

/** A stored anchor event read back; an event that is not a readable anchor is an UnreadableAnchor naming its revision. */
export function anchorOf(event: RecordedEvent): Anchor {
  const where = `${ANCHOR_STREAM} revision ${event.revision}`;
  if (event.type !== ANCHOR_EVENT_TYPE) return readAnchor(null, `${where} (type ${event.type})`);
  return readAnchor(event.data, where);
}

/** The newest anchor and its revision in ANCHOR_STREAM, where the AnchorWriter takes up. */
export async function lastAnchor(
  store: EventStore,
): Promise<{ anchor: Anchor; revision: bigint } | undefined> {
  const [newest] = await store.readStream(ANCHOR_STREAM, { direction: 'backwards', maxCount: 1 });
  return newest && { anchor: anchorOf(newest), revision: newest.revision };
}

/** The background processor that writes anchors (its lease's name), as `processors status` lists it. */
export const ANCHOR_WRITER = 'audit_anchors';

/** ANCHOR_STREAM's events, newest first, a page at a time: a reader that stops early reads only what it needs. */
export async function* anchorEventsNewestFirst(
  store: EventStore,
  pageSize = 100,
): AsyncGenerator<RecordedEvent> {
  let from: bigint | undefined;
  for (;;) {
    const page = await store.readStream(ANCHOR_STREAM, {
      direction: 'backwards',
      maxCount: pageSize,
      ...(from === undefined ? {} : { fromRevision: from }),
    });
    yield* page;
    const oldest = page.at(-1);
    if (page.length < pageSize || oldest === undefined || oldest.revision === 0n) return;
    from = oldest.revision - 1n;
  }
}
