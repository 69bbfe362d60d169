import { createHash, timingSafeEqual } from 'node:crypto';
import {
  type CanActivate,
  type ExecutionContext,
  ForbiddenException,
  Inject,
  Injectable,
  UnauthorizedException,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { CLOCK, type Clock } from '@kios/dana-protocol';
import { AdminUsers, TOKEN_USER_NAME } from '@kios/projections';
import { DataSource } from 'typeorm';
import { KIOS_CONFIG, type KiosConfig } from '../../config/kios-config';
import { type AdminPrincipal, type AdminRequest, REQUIRES_ADMIN } from './admin-principal';
import { wantsPage } from './request-origin';
import { cookieValue, csrfMatches, openSession, SESSION_COOKIE } from './session-cookie';

const digest = (text: string): Buffer => createHash('sha256').update(text, 'utf8').digest();
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** No principal: a page is sent to the sign-in page (303), anything else is answered 401. */
export class SignInRequired extends UnauthorizedException {
  constructor(readonly redirectTo?: string) {
    super(
      'the admin API needs a session (sign in at /admin/sign-in) or Authorization: Bearer <KIOS_ADMIN_TOKEN>',
    );
  }
}

/**
 * The one guard of every admin route (docs/architecture.md §8). A request gets in with
 * `Authorization: Bearer <KIOS_ADMIN_TOKEN>` (scripts; acting as user `token`, role admin) or a valid
 * session cookie whose user still exists with the same role (checked on every request, so removing a
 * user ends their sessions at once). A route marked @RequiresAdmin refuses an auditor (403). A
 * session's non-GET request must carry its CSRF token (`_csrf` field or `x-csrf-token` header), or
 * it is refused (403): the cookie alone, which a browser sends by itself, proves nothing.
 */
@Injectable()
export class AdminAccessGuard implements CanActivate {
  private readonly token?: Buffer;
  private readonly users: AdminUsers;

  constructor(
    @Inject(KIOS_CONFIG) private readonly config: KiosConfig,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly reflector: Reflector,
    readModel: DataSource,
  ) {
    this.token = config.adminToken ? digest(config.adminToken) : undefined;
    this.users = new AdminUsers(readModel);
  }

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<AdminRequest>();
    const principal = (await this.fromBearer(request)) ?? (await this.fromSession(request));
    if (!principal) throw new SignInRequired(wantsPage(request) ? signInLocation(request.url) : undefined);
    const needsAdmin = this.reflector.getAllAndOverride<boolean>(REQUIRES_ADMIN, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (needsAdmin && principal.role !== 'admin') {
      throw new ForbiddenException(`${principal.name} is an ${principal.role}: this needs the admin role`);
    }
    if (principal.session && !SAFE_METHODS.has(request.method)) {
      const body = request.body as { _csrf?: unknown } | undefined;
      const given = request.headers['x-csrf-token'] ?? body?._csrf;
      if (!csrfMatches(given, principal.session)) {
        throw new ForbiddenException('missing or wrong CSRF token (_csrf field or x-csrf-token header)');
      }
    }
    request.adminPrincipal = principal;
    return true;
  }

  /** Undefined without an Authorization header; a wrong token, or none configured, is refused outright. */
  private async fromBearer(request: AdminRequest): Promise<AdminPrincipal | undefined> {
    const header = request.headers.authorization;
    if (header === undefined) return undefined;
    const bearer = /^Bearer +(\S+) *$/i.exec(header);
    // Both sides hashed: constant time over equal lengths, and nothing said about the token's length.
    const matches = this.token !== undefined && timingSafeEqual(digest(bearer?.[1] ?? ''), this.token);
    if (!bearer || !matches) throw new SignInRequired();
    return { name: TOKEN_USER_NAME, role: 'admin', via: 'token' };
  }

  private async fromSession(request: AdminRequest): Promise<AdminPrincipal | undefined> {
    const value = cookieValue(request.headers.cookie, SESSION_COOKIE);
    if (!value) return undefined;
    const session = openSession(value, this.config.sessionSecret, this.clock.now());
    if (!session) return undefined;
    const user = await this.users.find(session.user);
    if (!user || user.role !== session.role) return undefined;
    return { name: user.name, role: user.role, via: 'session', session };
  }
}

/** Where a page without a session is sent: the sign-in page, to come back to this page after. */
export function signInLocation(next: string): string {
  return `/admin/sign-in?${new URLSearchParams({ next }).toString()}`;
}
