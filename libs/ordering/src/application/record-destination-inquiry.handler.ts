import { randomUUID } from 'node:crypto';
import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { type Product, type ProductState } from '@kios/catalog';
import { CLOCK, type Clock, idr } from '@kios/dana-protocol';
import { AggregateRepository, EVENT_STORE, type EventStore } from '@kios/event-store';
import {
  checkDestination,
  inquiryReferenceFor,
  SUPPLIER,
  type BillAmounts,
  type Destination,
  type InquiryOutcome,
  type Supplier,
} from '@kios/fulfillment';
import { inquiryDecider, type RecordInquiry } from '../inquiry/inquiry.decider';
import { inquiryStream } from '../inquiry/inquiry.events';
import { type Causation, causedByRequest, eventMetadata } from './event-metadata';
import { CurrentProducts } from './current-products';
import { ORDERING_SETTINGS, type OrderingSettings } from './ordering.settings';
import {
  type InquiryAnswer,
  type InquiryVerdict,
  RecordDestinationInquiry,
} from './record-destination-inquiry.command';
import { withinDeadline } from './supplier-deadline';

/** kios's own inquiry id, handed to DANA and back in Create Order's extendInfo. */
const newInquiryId = (): string => `INQ-${randomUUID().replace(/-/g, '').toUpperCase()}`;

/** A fixed-price product costs its price: no fee, no fine (docs/dana-protocol.md §5.5, Telco and Games). */
const priceAsAmounts = (product: Product): BillAmounts => ({
  baseAmount: product.price,
  adminFee: idr(0),
  fineAmount: idr(0),
});

/** Why a product that is not on sale cannot be inquired about. */
function notOnSale(state: ProductState, productId: string): InquiryVerdict {
  if (state.status === 'unlisted') {
    return { status: 'product_not_found', reason: `product ${productId} is not in the catalog` };
  }
  if (state.status === 'delisted') {
    return { status: 'product_not_found', reason: `product ${productId} is no longer sold` };
  }
  return { status: 'product_unavailable', reason: `product ${productId} is not available at the moment` };
}

/**
 * Destination Inquiry: every destination checked against the product, then asked of the supplier
 * within the budget; each valid one is recorded as an inquiry (its amounts are what Create Order
 * must be charged for a bill).
 */
@CommandHandler(RecordDestinationInquiry)
export class RecordDestinationInquiryHandler implements ICommandHandler<RecordDestinationInquiry> {
  private readonly repository: AggregateRepository;

  constructor(
    @Inject(EVENT_STORE) store: EventStore,
    @Inject(SUPPLIER) private readonly supplier: Supplier,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(ORDERING_SETTINGS) private readonly settings: OrderingSettings,
    private readonly products: CurrentProducts,
  ) {
    this.repository = new AggregateRepository(store);
  }

  async execute({ inquiry, reqMsgId }: RecordDestinationInquiry): Promise<InquiryAnswer[]> {
    const deadline = this.clock.now().getTime() + this.settings.supplierBudgetMs;
    const state = await this.products.of(inquiry.productId);
    if (state.status !== 'listed' || !state.product.available) {
      const answer = notOnSale(state, inquiry.productId);
      return inquiry.destinations.map((destination) => ({ destination, ...answer }));
    }
    const causation = causedByRequest(reqMsgId);
    return Promise.all(
      inquiry.destinations.map((destination) =>
        this.inquire(state.product, destination, deadline, causation),
      ),
    );
  }

  private async inquire(
    product: Product,
    destination: Destination,
    deadline: number,
    causation: Causation,
  ): Promise<InquiryAnswer> {
    const check = checkDestination(product, destination);
    if (!check.ok) return { destination, status: 'invalid_destination', reason: check.reason };
    const inquiryId = newInquiryId();
    // A bill is inquired under a reference derived from the inquiryId, so the order that uses the
    // inquiry can pay that very inquiry (docs/digiflazz.md §5); the supplier says whether it used it.
    const supplierRef = product.pricing === 'bill' ? inquiryReferenceFor(inquiryId) : undefined;
    const answer = await withinDeadline(
      this.supplier.inquire({
        product,
        destination: check.destination,
        ...(supplierRef === undefined ? {} : { supplierRef }),
      }),
      deadline - this.clock.now().getTime(),
    );
    if (!answer.answered) return { destination, status: 'supplier_unavailable', reason: answer.reason };
    const outcome = answer.value;
    switch (outcome.status) {
      case 'invalid_destination':
        return { destination, status: 'invalid_destination', reason: outcome.reason };
      case 'bill_already_paid':
      case 'bill_not_available':
        return { destination, status: outcome.status };
      case 'valid':
        if (product.pricing === 'bill' && outcome.bill === undefined) {
          return { destination, status: 'bill_not_available' };
        }
        return {
          destination,
          status: 'valid',
          inquiry: await this.record(inquiryId, product, check.destination, outcome, causation),
        };
    }
  }

  private async record(
    inquiryId: string,
    product: Product,
    destination: Destination,
    outcome: Extract<InquiryOutcome, { status: 'valid' }>,
    causation: Causation,
  ) {
    const now = this.clock.now();
    const { bill } = outcome;
    const command: RecordInquiry = {
      type: 'RecordInquiry',
      data: {
        inquiryId,
        productId: product.productId,
        destination,
        customerName: outcome.customerName ?? outcome.nickname,
        amounts: bill && product.pricing === 'bill' ? bill : priceAsAmounts(product),
        dueDate: bill?.dueDate,
        period: bill?.periods,
        supplierRef: outcome.supplierRef,
        validForMs: this.settings.inquiryValidityMs,
        now,
      },
    };
    const { state } = await this.repository.handle(
      inquiryStream(command.data.inquiryId),
      inquiryDecider,
      (current) => inquiryDecider.decide(command, current),
      eventMetadata(causation, now),
    );
    if (state.status === 'none') throw new Error(`inquiry ${command.data.inquiryId} was not recorded`);
    return state.inquiry;
  }
}
