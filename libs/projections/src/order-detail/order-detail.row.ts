import type { ProductData } from '@kios/catalog';
import type { Destination } from '@kios/fulfillment';
import type { BillAmountsData, OrderFailureCode, OrderState } from '@kios/ordering';
import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { bigintColumn, jsonTextColumn } from '../column-transformers';

export type OrderDetailStatus = Exclude<OrderState['status'], 'none'>;

/**
 * One order as Get Order Detail answers it (docs/dana-protocol.md §3.4): the fold of its stream's order events,
 * callbacks left out (they do not change what DANA is told about the order). Instants are ISO-8601
 * UTC text so SQLite and PostgreSQL store them alike.
 */
@Entity('order_detail')
@Index('order_detail_order_id', ['orderId'], { unique: true })
@Index('order_detail_status', ['status'])
export class OrderDetailRow {
  @PrimaryColumn({ name: 'request_id', type: 'varchar', length: 64 })
  requestId!: string;

  @Column({ name: 'order_id', type: 'varchar', length: 64 })
  orderId!: string;

  @Column({ name: 'product_id', type: 'varchar', length: 64 })
  productId!: string;

  /** The product as the catalog had it at Create Order; null when the catalog did not know it. */
  @Column({ type: 'text', nullable: true, transformer: jsonTextColumn })
  product!: ProductData | null;

  /** As DANA sent it. */
  @Column({ type: 'text', transformer: jsonTextColumn })
  destination!: Destination;

  /** danaSellingPrice in minor units. */
  @Column({ name: 'price_minor', type: 'varchar', length: 19 })
  priceMinor!: string;

  @Column({ name: 'inquiry_id', type: 'varchar', length: 64, nullable: true })
  inquiryId!: string | null;

  @Column({ name: 'bill_amounts', type: 'text', nullable: true, transformer: jsonTextColumn })
  billAmounts!: BillAmountsData | null;

  @Column({ type: 'varchar', length: 16 })
  status!: OrderDetailStatus;

  @Column({ name: 'supplier_ref', type: 'varchar', length: 64, nullable: true })
  supplierRef!: string | null;

  /** The canonical destination the supplier was asked for. */
  @Column({ name: 'fulfilment_destination', type: 'text', nullable: true, transformer: jsonTextColumn })
  fulfilmentDestination!: Destination | null;

  @Column({ name: 'failure_code', type: 'varchar', length: 32, nullable: true })
  failureCode!: OrderFailureCode | null;

  @Column({ name: 'failure_reason', type: 'text', nullable: true })
  failureReason!: string | null;

  @Column({ name: 'serial_number', type: 'varchar', length: 128, nullable: true })
  serialNumber!: string | null;

  @Column({ type: 'varchar', length: 128, nullable: true })
  token!: string | null;

  @Column({ name: 'answered_pending', type: 'boolean' })
  answeredPending!: boolean;

  /** Why the fulfilment follow-up asked an operator to settle the order; null when it did not. */
  @Column({ name: 'operator_flag_reason', type: 'text', nullable: true })
  operatorFlagReason!: string | null;

  @Column({ name: 'operator_flagged_at', type: 'varchar', length: 32, nullable: true })
  operatorFlaggedAt!: string | null;

  @Column({ name: 'created_at', type: 'varchar', length: 32 })
  createdAt!: string;

  @Column({ name: 'modified_at', type: 'varchar', length: 32 })
  modifiedAt!: string;

  /** Revision of the last order-stream event applied; guards against applying one twice. */
  @Column({ type: 'bigint', transformer: bigintColumn })
  revision!: bigint;
}
