import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { CLOCK, type Clock, formatDanaTime, parseDanaTime } from '@kios/dana-protocol';
import {
  ANCHOR_STREAM,
  ANCHOR_WRITER,
  anchorEvent,
  checkpointToPosition,
  ConcurrencyError,
  coveredByAnchors,
  EVENT_STORE,
  type EventStore,
  HashChainedEventStore,
  lastAnchor,
  LOG_START,
  LogSegment,
  type Position,
  startAfter,
} from '@kios/event-store';
import { measureLag } from '@kios/projections';
import { BackgroundLoop } from '../background/background-loop';
import type { Processor, ProcessorStatus } from '../background/processor';
import { KIOS_CONFIG, type KiosConfig } from '../config/kios-config';

/** Events read from `$all` per call while filling a segment. */
const READ_BATCH = 1_000;
/** The longest it sleeps between looks for new events. */
const POLL_MS = 1_000;
/** After a failed look (the store unreachable): the wait before the next. */
const RETRY_MS = 5_000;
/** Its status counts the events after its last anchor up to here (as the projections' lag does). */
const LAG_COUNT_LIMIT = 100_000;

/** What one look came to. */
export type AnchorLook = 'anchored' | 'waiting' | 'nothing_new' | 'lost_race';

/** Where the writer is: the log since the last anchor, and where the anchors stream ends. */
interface WriterState {
  segment: LogSegment;
  /** Where the next read of `$all` starts (after anchors' own events too). */
  readAfter?: Position;
  /** The anchors stream's last revision, which the next anchor's append expects. */
  anchorsRevision?: bigint;
  lastAnchoredAt: Date;
}

/**
 * The anchor writer (issue 21, README "Anchors"): a reactor, run under its lease by one replica in
 * the worker (or all) role, that signs the log every KIOS_ANCHOR_EVERY_EVENTS events or, when at
 * least one event waits, every KIOS_ANCHOR_EVERY_MS, and appends the anchor to ANCHOR_STREAM. It
 * keeps no state of its own: it takes up from the tail of ANCHOR_STREAM at start and after losing an
 * append. The append expects the revision it read, so a second writer (a zombie after a lease
 * change) gets a ConcurrencyError, reads the tail again and never writes a duplicate anchor.
 * Writers never wait on it: it reads what was committed, as the projections do.
 */
@Injectable()
export class AnchorWriter implements Processor {
  readonly name = ANCHOR_WRITER;
  readonly kind = 'reactor';
  readonly reads = 'every event of $all (the log anchors cover)';
  private readonly logger = new Logger('AnchorWriter');
  private readonly loop = new BackgroundLoop(() => this.lookAndWait());
  private state?: WriterState;

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(KIOS_CONFIG) private readonly config: KiosConfig,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async start(): Promise<void> {
    this.state = await this.resume();
    this.loop.start();
  }

  async stop(): Promise<void> {
    await this.loop.stop();
  }

  wakeUp(): void {
    this.loop.wakeUp();
  }

  /** Its checkpoint is the last anchor's position; its lag, the events no anchor covers yet. */
  async status(): Promise<ProcessorStatus> {
    const covered = this.state?.segment.start.previousPosition ?? undefined;
    return {
      ...(covered ? { checkpoint: covered } : {}),
      lag: await measureLag(
        this.stored(),
        covered ? checkpointToPosition(covered) : undefined,
        this.clock,
        LAG_COUNT_LIMIT,
      ),
    };
  }

  /** One look: read what is new, and anchor when enough events or enough time went by. */
  async lookOnce(): Promise<AnchorLook> {
    this.state ??= await this.resume();
    const state = this.state;
    const { segment } = state;
    const every = BigInt(this.config.anchorEveryEvents);
    let more = true;
    while (more && segment.eventCount < every) {
      let read = 0;
      for await (const event of this.stored().readAll({ after: state.readAfter, maxCount: READ_BATCH })) {
        read += 1;
        state.readAfter = event.position;
        if (!coveredByAnchors(event)) continue;
        segment.add(event);
        if (segment.eventCount >= every) break;
      }
      more = read === READ_BATCH;
    }
    if (segment.eventCount === 0n) return 'nothing_new';
    const now = this.clock.now();
    const due = now.getTime() - state.lastAnchoredAt.getTime() >= this.config.anchorEveryMs;
    if (segment.eventCount < every && !due) return 'waiting';
    return this.anchor(state, now);
  }

  /** Until the next look: at once after an anchor (more may wait), else until the interval ends, polling. */
  private async lookAndWait(): Promise<number> {
    try {
      const look = await this.lookOnce();
      if (look === 'anchored' || look === 'lost_race') return 0;
      if (look === 'nothing_new' || !this.state) return POLL_MS;
      const left =
        this.config.anchorEveryMs - (this.clock.now().getTime() - this.state.lastAnchoredAt.getTime());
      return Math.max(0, Math.min(POLL_MS, left));
    } catch (error) {
      this.logger.error(`could not anchor the log, will try again: ${(error as Error).message}`);
      this.state = undefined;
      return RETRY_MS;
    }
  }

  private async anchor(state: WriterState, now: Date): Promise<AnchorLook> {
    const anchor = state.segment.seal(now, this.config.keys.auditPrivateKey)!;
    const correlationId = `anchor-${randomUUID()}`;
    try {
      const result = await this.store.append(
        ANCHOR_STREAM,
        [anchorEvent(anchor, { correlationId, recordedAt: formatDanaTime(now) })],
        state.anchorsRevision ?? 'no_stream',
      );
      state.anchorsRevision = result.nextExpectedRevision;
    } catch (error) {
      if (!(error instanceof ConcurrencyError)) throw error;
      // Another writer anchored first (a lease change): take up from its anchor, write nothing twice.
      this.logger.warn(
        `another writer appended anchor #${anchor.sequence} first; taking up from the anchors stream`,
      );
      this.state = undefined;
      return 'lost_race';
    }
    this.logger.log(
      `anchor #${anchor.sequence}: position ${anchor.position}, ${anchor.eventCount} events (${anchor.totalEventCount} in all), log hash ${anchor.logHash.slice(0, 12)}…`,
    );
    state.segment = new LogSegment(startAfter(anchor));
    state.lastAnchoredAt = now;
    return 'anchored';
  }

  /** From the tail of the anchors stream, the only state there is. */
  private async resume(): Promise<WriterState> {
    const last = await lastAnchor(this.stored());
    if (!last) return { segment: new LogSegment(LOG_START), lastAnchoredAt: this.clock.now() };
    return {
      segment: new LogSegment(startAfter(last.anchor)),
      readAfter: checkpointToPosition(last.anchor.position),
      anchorsRevision: last.revision,
      lastAnchoredAt: parseDanaTime(last.anchor.anchoredAt) ?? this.clock.now(),
    };
  }

  /** The events as stored, chain keys visible: the log chain takes each event's stored hash. */
  private stored(): EventStore {
    return this.store instanceof HashChainedEventStore ? this.store.underlying : this.store;
  }
}
