import { Inject, Injectable, Logger } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { CLOCK, type Clock } from '@kios/dana-protocol';
import { type AllSubscription, EVENT_STORE, type EventStore } from '@kios/event-store';
import { CallbacksInFlight, DeliverOrderCallback } from '@kios/ordering';
import {
  CALLBACK_DISPATCHER,
  CallbackOutbox,
  callbackOutboxProjection,
  dueCallbacks,
} from '@kios/projections';
import { DataSource } from 'typeorm';
import { BackgroundLoop } from '../background/background-loop';
import type { Processor, ProcessorStatus } from '../background/processor';
import { KIOS_CONFIG, type KiosConfig } from '../config/kios-config';
import { ProjectionsService } from '../infrastructure/projections.service';
import { LogContext } from '../observability/logging/log-context';

/** Most callbacks put on the wire by one pass; the rest follow on the next. */
const BATCH = 50;

/**
 * The Order Complete Callback saga (docs/architecture.md §1), as an outbox processor: it finds due
 * callbacks in the `callback_outbox` read model — fed from the event store, at least once, by its
 * checkpointed projection — and executes DeliverOrderCallback on the CommandBus for each. It is the
 * saga on purpose, not a @Saga on the EventBus: stored events never reach that in-memory bus, and
 * whatever a crash interrupted on it would be lost, whereas an outbox row stays due until an outcome
 * event is stored, so after a crash the outbox still holds every callback that was due.
 *
 * It looks when the soonest pending callback falls due (at most every KIOS_CALLBACK_POLL_MS), and
 * as soon as the outbox changes, which it learns from a live subscription to the order events the
 * outbox is made of (on the process's shared `$all` feed, see ProjectionsService).
 */
@Injectable()
export class CallbackDispatcher implements Processor {
  readonly name = CALLBACK_DISPATCHER;
  readonly kind = 'reactor';
  readonly reads = `the ${callbackOutboxProjection.name} read model`;
  private readonly logger = new Logger('CallbackDispatcher');
  private readonly outbox: CallbackOutbox;
  private running = false;
  private changed = false;
  private readonly loop = new BackgroundLoop(() => this.dispatchAndWait());
  private subscription?: AllSubscription;
  private watcher?: Promise<void>;
  /** Deliveries this dispatcher started and that have not ended. */
  private readonly deliveries = new Set<Promise<unknown>>();

  constructor(
    dataSource: DataSource,
    private readonly commands: CommandBus,
    private readonly projections: ProjectionsService,
    private readonly inFlight: CallbacksInFlight,
    private readonly logContext: LogContext,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(KIOS_CONFIG) private readonly config: KiosConfig,
  ) {
    this.outbox = new CallbackOutbox(dataSource);
  }

  async start(): Promise<void> {
    this.running = true;
    const subscription = this.projections.feed.subscribeToAll({
      after: await this.store.headPosition(),
      filter: { eventTypes: [...callbackOutboxProjection.eventTypes] },
    });
    this.subscription = subscription;
    this.watcher = this.watch(subscription);
    this.loop.start();
  }

  /** Stops looking for due callbacks, then lets the ones on the wire finish (each is bounded by the callback timeout). */
  async stop(): Promise<void> {
    this.running = false;
    await this.subscription?.close();
    await Promise.all([this.watcher, this.loop.stop()]);
    await Promise.allSettled([...this.deliveries]);
    await this.inFlight.drain();
  }

  wakeUp(): void {
    this.loop.wakeUp();
  }

  async status(): Promise<ProcessorStatus> {
    return { pending: await dueCallbacks(this.outbox, this.clock.now()) };
  }

  private async watch(subscription: AllSubscription): Promise<void> {
    try {
      for await (const _ of subscription) {
        this.changed = true;
        this.loop.wakeUp();
      }
    } catch (error) {
      // The timer still finds every due callback; only the prompt reaction to changes is lost.
      if (this.running) this.logger.warn(`stopped watching the order events: ${(error as Error).message}`);
    }
  }

  /** One pass, and how long to wait before the next: none when the outbox changed meanwhile. */
  private async dispatchAndWait(): Promise<number> {
    let nextDue: Date | undefined;
    try {
      if (this.changed) await this.outboxCaughtUp();
      nextDue = await this.dispatchDue();
    } catch (error) {
      this.logger.error(`could not look for due callbacks: ${(error as Error).message}`);
    }
    return this.changed ? 0 : this.delayUntil(nextDue);
  }

  /** What changed is in the outbox once its projection has applied it; a lagging one only delays us. */
  private async outboxCaughtUp(): Promise<void> {
    this.changed = false;
    await this.projections
      .runner(callbackOutboxProjection.name)
      .waitUntilCaughtUp(this.config.callbackPollMs)
      .catch(() => undefined);
  }

  /** Puts the due callbacks not already on the wire on it; returns when the soonest other one falls due. */
  private async dispatchDue(): Promise<Date | undefined> {
    const due = await this.outbox.due(this.clock.now(), BATCH);
    for (const requestId of due) {
      if (!this.inFlight.has(requestId)) this.deliver(requestId);
    }
    return this.outbox.nextDueAt();
  }

  /**
   * Not awaited: callbacks go out side by side. The handler settles what it can (an error leaves the
   * row due, to be tried on a later pass); every line it logs carries the order's requestId.
   */
  private deliver(requestId: string): void {
    const delivery = this.logContext
      .run({ requestId }, () => this.commands.execute(new DeliverOrderCallback(requestId)))
      .catch((error: unknown) =>
        this.logger.error(
          `order ${requestId}: Order Complete Callback not sent: ${(error as Error).message}`,
        ),
      )
      .finally(() => this.deliveries.delete(delivery));
    this.deliveries.add(delivery);
  }

  /**
   * Until the soonest pending callback is due, at most the poll interval. One already due is on the
   * wire (or beyond the batch); its outcome event wakes us, so there is no need to spin on it.
   */
  private delayUntil(nextDue: Date | undefined): number {
    const poll = this.config.callbackPollMs;
    if (nextDue === undefined) return poll;
    const wait = nextDue.getTime() - this.clock.now().getTime();
    return wait <= 0 ? poll : Math.min(wait, poll);
  }
}
