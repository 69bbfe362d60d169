import type { DataSource } from 'typeorm';
import { ADMIN_ROLES, type AdminRole, AdminUserRow } from './admin-user.row';

/** A user name: what the audit trail records (`admin (<name>)`), so plain characters only. */
const USER_NAME = /^[A-Za-z0-9][A-Za-z0-9._@-]{0,63}$/;
/** The name the bearer token acts as (KIOS_ADMIN_TOKEN): no person may take it. */
export const TOKEN_USER_NAME = 'token';

export class AdminUserRefused extends Error {
  override readonly name = 'AdminUserRefused';
}

export interface AdminUser {
  name: string;
  role: AdminRole;
  createdAt: string;
}

/** Why a name cannot be a user's, or undefined. */
export function userNameProblem(name: string): string | undefined {
  if (!USER_NAME.test(name)) {
    return `user name "${name}" must be 1-64 letters, digits or . _ @ -, starting with a letter or digit`;
  }
  if (name === TOKEN_USER_NAME) return `"${TOKEN_USER_NAME}" is the name the admin token acts as`;
  return undefined;
}

export function parseAdminRole(text: string): AdminRole {
  if (!ADMIN_ROLES.includes(text as AdminRole)) {
    throw new AdminUserRefused(`role must be ${ADMIN_ROLES.join(' or ')}, got "${text}"`);
  }
  return text as AdminRole;
}

/** The users who sign in to the admin pages, in the read-model database (AdminUserRow). */
export class AdminUsers {
  constructor(private readonly dataSource: DataSource) {}

  async add(user: { name: string; role: AdminRole; passwordHash: string; createdAt: Date }): Promise<void> {
    const problem = userNameProblem(user.name);
    if (problem) throw new AdminUserRefused(problem);
    await this.dataSource.transaction(async (tx) => {
      const rows = tx.getRepository(AdminUserRow);
      if (await rows.existsBy({ name: user.name })) {
        throw new AdminUserRefused(`a user named ${user.name} already exists`);
      }
      await rows.insert({
        name: user.name,
        role: user.role,
        passwordHash: user.passwordHash,
        createdAt: user.createdAt.toISOString(),
      });
    });
  }

  /** True when a user was removed; their sessions stop at their next request. */
  async remove(name: string): Promise<boolean> {
    const result = await this.dataSource.getRepository(AdminUserRow).delete({ name });
    return (result.affected ?? 0) > 0;
  }

  async list(): Promise<AdminUser[]> {
    const rows = await this.dataSource.getRepository(AdminUserRow).find({ order: { name: 'ASC' } });
    return rows.map(({ name, role, createdAt }) => ({ name, role, createdAt }));
  }

  /** The user with their password hash, for signing in; undefined when there is none. */
  find(name: string): Promise<AdminUserRow | null> {
    return this.dataSource.getRepository(AdminUserRow).findOneBy({ name });
  }
}
