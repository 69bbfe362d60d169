import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { nextProductStatusNotice, PRODUCT_STREAM_PREFIX, type ProductStatusNotice } from '@kios/catalog';
import { CLOCK, type Clock, judgeDanaAnswer, signedRequest } from '@kios/dana-protocol';
import {
  comparePositions,
  EVENT_STORE,
  type EventStore,
  type Position,
  positionToCheckpoint,
} from '@kios/event-store';
import {
  loadCheckpoint,
  measureLag,
  readModelTransaction,
  saveCheckpoint,
  StaleCheckpoint,
} from '@kios/projections';
import { DataSource } from 'typeorm';
import { BackgroundLoop } from '../background/background-loop';
import type { Processor, ProcessorStatus } from '../background/processor';
import { KIOS_CONFIG, type KiosConfig } from '../config/kios-config';
import { DanaHost } from '../dana-host/dana-host';

/** Where the notifier is in `$all`, kept beside the projections' checkpoints in the read model. */
export const PRODUCT_STATUS_NOTIFIER = 'notify_product_status';

/** Product events read per look; a notice takes at most ten products of them. */
const EVENTS_PER_LOOK = 200;
const FIRST_RETRY_MS = 1_000;
const MAX_RETRY_MS = 60_000;
/** Its status counts the events after its checkpoint up to here (as the projections' lag does). */
const LAG_COUNT_LIMIT = 100_000;

/** What one look came to: the loop sleeps on `nothing_new`, looks again at once on `told`, backs off on `not_told`. */
export type Look = 'nothing_new' | 'told' | 'not_told';

/**
 * Notify Aggregator Product Status (docs/dana-protocol.md §3.6, §5.1 step 4), when KIOS_NOTIFY_PRODUCT_STATUS=on:
 * follows the product streams of `$all` from its checkpoint and tells DANA each product's newest
 * status, at most ten products a call, so DANA enables or disables it without waiting for its next
 * Get List of Product. The checkpoint moves only once DANA accepted the notice, so every change is
 * told at least once, after a restart too; DANA's handling of a status is idempotent (§4.3).
 *
 * A notice DANA refuses (`F`) is logged for an operator and passed over: holding it back would hold
 * back every later change, and DANA still learns each status from Get List of Product. Any other
 * outcome (no answer, `U`, an untrusted answer) is retried with backoff.
 */
@Injectable()
export class ProductStatusNotifier implements Processor {
  readonly name = PRODUCT_STATUS_NOTIFIER;
  readonly kind = 'reactor';
  readonly reads = `the product events (${PRODUCT_STREAM_PREFIX}*)`;
  private readonly logger = new Logger('ProductStatusNotifier');
  private checkpoint?: Position;
  private retryMs = FIRST_RETRY_MS;
  private readonly loop = new BackgroundLoop(() => this.lookAndWait());

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly readModel: DataSource,
    private readonly danaHost: DanaHost,
    @Inject(KIOS_CONFIG) private readonly config: KiosConfig,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /** Only when KIOS_NOTIFY_PRODUCT_STATUS=on (see BackgroundModule). */
  async start(): Promise<void> {
    await this.resume();
    this.loop.start();
  }

  /** Takes up where the notices DANA accepted got to. */
  async resume(): Promise<void> {
    this.checkpoint = await loadCheckpoint(this.readModel, PRODUCT_STATUS_NOTIFIER);
  }

  async stop(): Promise<void> {
    await this.loop.stop();
  }

  wakeUp(): void {
    this.loop.wakeUp();
  }

  async status(): Promise<ProcessorStatus> {
    return {
      ...(this.checkpoint ? { checkpoint: positionToCheckpoint(this.checkpoint) } : {}),
      lag: await measureLag(this.store, this.checkpoint, this.clock, LAG_COUNT_LIMIT),
    };
  }

  /** One look, and how long to wait before the next: none after a notice, backing off while DANA was not told. */
  private async lookAndWait(): Promise<number> {
    let look: Look;
    try {
      look = await this.lookOnce();
    } catch (error) {
      this.logger.error(`could not look for product changes: ${(error as Error).message}`);
      look = 'not_told';
    }
    if (look === 'not_told') {
      const waitMs = this.retryMs;
      this.retryMs = Math.min(this.retryMs * 2, MAX_RETRY_MS);
      return waitMs;
    }
    this.retryMs = FIRST_RETRY_MS;
    return look === 'told' ? 0 : this.config.notifyPollMs;
  }

  /** Tells DANA the next notice, if there is one, and moves the checkpoint past what it covered. */
  async lookOnce(): Promise<Look> {
    const head = await this.store.headPosition();
    if (!head || (this.checkpoint && comparePositions(head, this.checkpoint) <= 0)) return 'nothing_new';
    const events = [];
    for await (const event of this.store.readAll({
      after: this.checkpoint,
      filter: { streamPrefixes: [PRODUCT_STREAM_PREFIX] },
      maxCount: EVENTS_PER_LOOK,
    })) {
      if (comparePositions(event.position, head) > 0) break;
      events.push(event);
    }
    const notice = nextProductStatusNotice(events);
    // Every product event up to `head` taken: the events of other streams before it are passed too.
    const tookAll = events.length < EVENTS_PER_LOOK && notice?.through === events.at(-1)?.position;
    const through = notice === undefined || tookAll ? head : notice.through;
    const news = notice !== undefined && notice.productStatusList.length > 0;
    if (news && !(await this.tell(notice))) return 'not_told';
    // Through the queue of read-model transactions: on SQLite a write beside a projection's open
    // transaction would land inside it, on the one connection they share.
    try {
      await readModelTransaction(this.readModel, (tx) =>
        saveCheckpoint(
          tx,
          PRODUCT_STATUS_NOTIFIER,
          { expected: this.checkpoint, position: through },
          this.clock.now(),
        ),
      );
    } catch (error) {
      if (!(error instanceof StaleCheckpoint)) throw error;
      // Another notifier moved the checkpoint (compare-and-set, docs/architecture.md §1 rule 2): take
      // up from its; what this look told DANA again is idempotent to DANA (docs/dana-protocol.md §4.3).
      this.logger.warn(`${error.message}; taking up from there`);
      this.checkpoint = error.found;
      return 'nothing_new';
    }
    this.checkpoint = through;
    return news ? 'told' : 'nothing_new';
  }

  /** True once DANA answered: accepted, or refused and logged (see the class comment). */
  private async tell(notice: ProductStatusNotice): Promise<boolean> {
    const reqMsgId = randomUUID();
    const request = signedRequest(
      'notifyProductStatus',
      { aggregatorId: this.config.aggregatorId, productStatusList: notice.productStatusList },
      { reqMsgId, reqTime: this.clock.now() },
      this.config.keys.merchantPrivateKey,
    );
    const answer = await this.danaHost.post(request);
    const verdict = judgeDanaAnswer(
      answer,
      'notifyProductStatus',
      reqMsgId,
      this.config.keys.danaPublicKeys,
      'the product status notice',
    );
    const told = notice.productStatusList
      .map(({ productId, productStatus }) => `${productId} ${productStatus}`)
      .join(', ');
    switch (verdict.kind) {
      case 'accepted':
        this.logger.log(`DANA was told: ${told} (reqMsgId ${reqMsgId})`);
        return true;
      case 'refused':
        this.logger.error(
          `ALERT ${verdict.reason}; passed over: ${told} (reqMsgId ${reqMsgId}). ` +
            'DANA still reads these statuses from Get List of Product.',
        );
        return true;
      case 'unknown':
        this.logger.warn(`product status notice not settled, will try again: ${verdict.reason} (${told})`);
        return false;
    }
  }
}
