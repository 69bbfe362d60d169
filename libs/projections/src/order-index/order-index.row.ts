import type { Module } from '@kios/catalog';
import type { Destination } from '@kios/fulfillment';
import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { bigintColumn, jsonTextColumn } from '../column-transformers';
import type { OrderDetailStatus } from '../order-detail/order-detail.row';

/**
 * One order as auditors and finance look for it (`/admin/orders`, `kios-cli orders find`, the
 * reconciliation export): what identifies it, what was sold to whom at which price, which supplier
 * sold it at what cost, and where it stands. Instants are ISO-8601 UTC text (`toISOString`, one
 * length), so text order is time order on SQLite and PostgreSQL alike; money is minor units as text.
 */
@Entity('order_index')
@Index('order_index_order_id', ['orderId'], { unique: true })
@Index('order_index_destination_key', ['destinationKey'])
@Index('order_index_status_created_at', ['status', 'createdAt'])
@Index('order_index_created_at', ['createdAt', 'requestId'])
@Index('order_index_product_id', ['productId'])
export class OrderIndexRow {
  @PrimaryColumn({ name: 'request_id', type: 'varchar', length: 64 })
  requestId!: string;

  @Column({ name: 'order_id', type: 'varchar', length: 64 })
  orderId!: string;

  @Column({ name: 'product_id', type: 'varchar', length: 64 })
  productId!: string;

  /** The product's name and module as the catalog had them at Create Order; null when it did not know the product. */
  @Column({ name: 'product_name', type: 'text', nullable: true })
  productName!: string | null;

  @Column({ name: 'product_module', type: 'varchar', length: 16, nullable: true })
  productModule!: Module | null;

  /** As DANA sent it. */
  @Column({ type: 'text', transformer: jsonTextColumn })
  destination!: Destination;

  /** The destination's primary number as a search matches it (destinationSearchKey). */
  @Column({ name: 'destination_key', type: 'varchar', length: 128 })
  destinationKey!: string;

  /** danaSellingPrice in minor units. */
  @Column({ name: 'price_minor', type: 'varchar', length: 19 })
  priceMinor!: string;

  @Column({ type: 'varchar', length: 16 })
  status!: OrderDetailStatus;

  /** The inquiry DANA named in extendInfo.inquiryId; null when it named none. */
  @Column({ name: 'inquiry_id', type: 'varchar', length: 64, nullable: true })
  inquiryId!: string | null;

  /**
   * The supplier that sold the order, else the one last asked; null when the order names none (never
   * sent to a supplier, or sent to the one configured supplier before routing named suppliers).
   */
  @Column({ type: 'varchar', length: 64, nullable: true })
  supplier!: string | null;

  /** The reference the supplier was last asked under; null when no supplier was asked. */
  @Column({ name: 'supplier_ref', type: 'varchar', length: 64, nullable: true })
  supplierRef!: string | null;

  /** What the supplier charged, minor units, as its answer said; null when unknown. */
  @Column({ name: 'supplier_cost_minor', type: 'varchar', length: 19, nullable: true })
  supplierCostMinor!: string | null;

  @Column({ name: 'created_at', type: 'varchar', length: 32 })
  createdAt!: string;

  /** When the order became final (succeeded or failed); null while it is not. */
  @Column({ name: 'settled_at', type: 'varchar', length: 32, nullable: true })
  settledAt!: string | null;

  @Column({ name: 'modified_at', type: 'varchar', length: 32 })
  modifiedAt!: string;

  /** Revision of the last order-stream event applied; guards against applying one twice. */
  @Column({ type: 'bigint', transformer: bigintColumn })
  revision!: bigint;
}
