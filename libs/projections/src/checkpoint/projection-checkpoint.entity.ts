import { Column, Entity, PrimaryColumn } from 'typeorm';

/** Where each projection is in `$all`; saved in the same transaction as the rows it covers. */
@Entity('projection_checkpoint')
export class ProjectionCheckpoint {
  @PrimaryColumn({ type: 'varchar', length: 100 })
  name!: string;

  /** `positionToCheckpoint` of the last event applied. */
  @Column({ type: 'varchar', length: 64 })
  position!: string;

  /** ISO-8601 UTC; text so SQLite and PostgreSQL store it alike, whatever the host time zone. */
  @Column({ name: 'updated_at', type: 'varchar', length: 32 })
  updatedAt!: string;
}
