import { Inject, Injectable } from '@nestjs/common';
import { productDecider, type ProductState, productStream } from '@kios/catalog';
import { AggregateRepository, type AggregateState, EVENT_STORE, type EventStore } from '@kios/event-store';

/**
 * Each product's state as the ordering commands read it, kept between commands in this process:
 * a product changes only by its own events (catalog imports, supplier syncs), so each use reads just
 * the events after the kept revision — normally none — and sees a change made by any process since
 * (docs/architecture.md §4). A product stream grows with every sync; it is never read whole twice.
 */
@Injectable()
export class CurrentProducts {
  private readonly repository: AggregateRepository;
  private readonly known = new Map<string, AggregateState<ProductState>>();

  constructor(@Inject(EVENT_STORE) store: EventStore) {
    this.repository = new AggregateRepository(store);
  }

  async of(productId: string): Promise<ProductState> {
    const stream = productStream(productId);
    const kept = this.known.get(productId);
    const current = kept
      ? await this.repository.catchUp(stream, productDecider, kept)
      : await this.repository.load(stream, productDecider);
    // A product that does not exist stays unkept: DANA may send any id, and a miss is a cheap read.
    if (current.revision !== undefined) this.known.set(productId, current);
    return current.state;
  }
}
