import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * One failed sign-in, counted per user name and per client address by the sign-in rate limit. A
 * table rather than memory: replicas behind the load balancer share it, so trying each replica in
 * turn gains an attacker nothing.
 */
@Entity('sign_in_failure')
@Index('sign_in_failure_user', ['userName', 'failedAt'])
@Index('sign_in_failure_address', ['address', 'failedAt'])
export class SignInFailureRow {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  /** The name typed, whether or not such a user exists (so unknown names are limited too). */
  @Column({ name: 'user_name', type: 'varchar', length: 64 })
  userName!: string;

  @Column({ type: 'varchar', length: 64 })
  address!: string;

  /** ISO-8601 UTC: sorts as time does. */
  @Column({ name: 'failed_at', type: 'varchar', length: 32 })
  failedAt!: string;
}
