import type { Delivery, DestinationShape, Module, Pricing } from '@kios/catalog';
import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { bigintColumn, jsonTextColumn } from '../column-transformers';

/** One product as DANA's product list shows it (docs/dana-protocol.md §3.1), delisted ones kept but flagged. */
@Entity('product')
@Index('product_type_provider', ['type', 'provider'])
export class ProductRow {
  @PrimaryColumn({ name: 'product_id', type: 'varchar', length: 64 })
  productId!: string;

  @Column({ type: 'varchar', length: 32 })
  type!: string;

  @Column({ type: 'varchar', length: 32 })
  provider!: string;

  @Column({ type: 'varchar', length: 100 })
  name!: string;

  @Column({ type: 'varchar', length: 16 })
  module!: Module;

  /** Minor units as digits: up to 19 of them, more than a signed 64-bit integer column holds. */
  @Column({ name: 'price_minor', type: 'varchar', length: 19 })
  priceMinor!: string;

  @Column({ type: 'varchar', length: 3 })
  currency!: string;

  @Column({ type: 'boolean' })
  available!: boolean;

  @Column({ type: 'boolean' })
  delisted!: boolean;

  @Column({ type: 'text', transformer: jsonTextColumn })
  destination!: DestinationShape;

  @Column({ type: 'varchar', length: 8 })
  pricing!: Pricing;

  @Column({ type: 'varchar', length: 8 })
  delivery!: Delivery;

  /** Revision of the last product-stream event applied; guards against applying one twice. */
  @Column({ type: 'bigint', transformer: bigintColumn })
  revision!: bigint;

  /** When that event was recorded, ISO-8601 UTC. */
  @Column({ name: 'updated_at', type: 'varchar', length: 32 })
  updatedAt!: string;
}
