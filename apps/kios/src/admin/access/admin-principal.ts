import { createParamDecorator, type ExecutionContext, SetMetadata } from '@nestjs/common';
import type { AdminRole } from '@kios/projections';
import type { FastifyRequest } from 'fastify';
import type { AdminSession } from './session-cookie';

/** Who a request to /admin acts for: a signed-in user, or the bearer token (user `token`, role admin). */
export interface AdminPrincipal {
  name: string;
  role: AdminRole;
  via: 'token' | 'session';
  /** The session, for a signed-in user: its CSRF token goes into the page's forms. */
  session?: AdminSession;
}

export type AdminRequest = FastifyRequest & { adminPrincipal?: AdminPrincipal };

/** How the audit trail names an action taken through the admin API, as `kios-cli (<name>)` names the CLI's. */
export function actorName(principal: AdminPrincipal): string {
  return `kios-admin (${principal.name})`;
}

export const REQUIRES_ADMIN = Symbol('REQUIRES_ADMIN');
/** The route changes something (rebuild, callback retry, settle): an auditor is answered 403. */
export const RequiresAdmin = () => SetMetadata(REQUIRES_ADMIN, true);

/** The principal AdminAccessGuard let through. */
export const CurrentPrincipal = createParamDecorator((_data: unknown, context: ExecutionContext) => {
  const principal = context.switchToHttp().getRequest<AdminRequest>().adminPrincipal;
  if (!principal) throw new Error('CurrentPrincipal used on a route without AdminAccessGuard');
  return principal;
});
