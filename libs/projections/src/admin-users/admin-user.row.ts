import { Column, Entity, PrimaryColumn } from 'typeorm';

/** What a person may do in the admin pages and API (README "Signing in"). */
export type AdminRole = 'auditor' | 'admin';
export const ADMIN_ROLES: readonly AdminRole[] = ['auditor', 'admin'];

/**
 * A person who signs in to the admin pages. Kept in the read-model database so every replica sees
 * the same users, but not a projection: no event makes it and no rebuild touches it (a rebuild only
 * replaces the tables of the projections it rebuilds).
 */
@Entity('admin_user')
export class AdminUserRow {
  @PrimaryColumn({ type: 'varchar', length: 64 })
  name!: string;

  @Column({ type: 'varchar', length: 16 })
  role!: AdminRole;

  /** `scrypt$<N>$<r>$<p>$<salt>$<hash>` (password-hash.ts): the parameters travel with the hash. */
  @Column({ name: 'password_hash', type: 'varchar', length: 255 })
  passwordHash!: string;

  /** ISO-8601 UTC; text so SQLite and PostgreSQL store it alike. */
  @Column({ name: 'created_at', type: 'varchar', length: 32 })
  createdAt!: string;
}
