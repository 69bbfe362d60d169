import { randomBytes } from 'node:crypto';
import {
  Body,
  Controller,
  Get,
  Header,
  HttpCode,
  Inject,
  Logger,
  Post,
  Query,
  Req,
  Res,
  UseFilters,
  UseGuards,
} from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { CLOCK, type Clock } from '@kios/dana-protocol';
import { AdminUsers, hashPassword, passwordMatches, SignInFailures } from '@kios/projections';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { DataSource } from 'typeorm';
import { KIOS_CONFIG, type KiosConfig } from '../../config/kios-config';
import { addressSet } from '../../http/client-rate-limit';
import { AdminExceptionFilter } from '../admin-exception.filter';
import { AdminAccessGuard } from './admin-access.guard';
import { ADMIN_PAGE_CSP } from './page-policy';
import { cameOverTls, requestClient } from './request-origin';
import { newSession, sealSession, sessionCookieHeader } from './session-cookie';
import { renderSignInPage } from './sign-in.page';
import { signInTarget } from './sign-in-target';

interface SignInForm {
  name?: unknown;
  password?: unknown;
  next?: unknown;
}

const text = (value: unknown): string => (typeof value === 'string' ? value : '');

/**
 * The sign-in page of the admin pages and its form (README "Signing in"). A wrong name or password
 * is one answer for both, counted per name and per address (SignInFailures: a table every replica
 * shares); a name or address over the limit is answered 429 with Retry-After, its password not even
 * checked. Pages for people, so left out of the OpenAPI document.
 */
@ApiExcludeController()
@Controller('admin')
@UseFilters(AdminExceptionFilter)
export class AdminSignInController {
  private readonly logger = new Logger('AdminSignIn');
  private readonly users: AdminUsers;
  private readonly failures: SignInFailures;
  private readonly trustedProxies: ReadonlySet<string>;
  /** Checked against when the name is unknown, so an unknown name takes as long as a wrong password. */
  private readonly decoyHash = hashPassword(randomBytes(24).toString('base64'));

  constructor(
    @Inject(KIOS_CONFIG) private readonly config: KiosConfig,
    @Inject(CLOCK) private readonly clock: Clock,
    readModel: DataSource,
  ) {
    this.users = new AdminUsers(readModel);
    this.failures = new SignInFailures(readModel);
    this.trustedProxies = addressSet(config.trustedProxies);
  }

  @Get('sign-in')
  @Header('content-type', 'text/html; charset=utf-8')
  @Header('cache-control', 'no-store')
  @Header('content-security-policy', ADMIN_PAGE_CSP)
  page(@Query('next') next?: string): string {
    return renderSignInPage({ next: signInTarget(next) });
  }

  @Post('sign-in')
  async signIn(
    @Body() form: SignInForm | undefined,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<string | undefined> {
    const name = text(form?.name).trim();
    const password = text(form?.password);
    const next = signInTarget(form?.next);
    const address = requestClient(request, this.trustedProxies);
    const now = this.clock.now();
    const page = (status: number, problem: string) => {
      reply
        .status(status)
        .header('content-type', 'text/html; charset=utf-8')
        .header('cache-control', 'no-store')
        .header('content-security-policy', ADMIN_PAGE_CSP);
      return renderSignInPage({ next, name, problem });
    };
    const blockedUntil = await this.failures.attempt(name, address, now);
    if (blockedUntil) {
      const seconds = Math.max(1, Math.ceil((blockedUntil.getTime() - now.getTime()) / 1000));
      this.logger.warn(`sign-in as "${name}" from ${address} refused: too many failed sign-ins`);
      reply.header('retry-after', String(seconds));
      return page(
        429,
        `Too many failed sign-ins for this name or from this address: try again in ${seconds} s.`,
      );
    }
    const user = name === '' ? null : await this.users.find(name);
    const matches = await passwordMatches(password, user?.passwordHash ?? (await this.decoyHash));
    if (!user || !matches) {
      this.logger.warn(`failed sign-in as "${name}" from ${address}`);
      return page(401, 'Wrong user name or password.');
    }
    await this.failures.forgive(name, address);
    const session = newSession(user.name, user.role, now, this.config.sessionTtlMs);
    const cookie = sealSession(session, this.config.sessionSecret);
    this.logger.log(`${user.name} (${user.role}) signed in from ${address}`);
    reply
      .status(303)
      .header(
        'set-cookie',
        sessionCookieHeader(cookie, this.config.sessionTtlMs, cameOverTls(request, this.trustedProxies)),
      )
      .header('location', next)
      .header('cache-control', 'no-store');
    return undefined;
  }

  /** Ends the session here (the cookie is removed); needs the session's CSRF token like any action. */
  @Post('sign-out')
  @UseGuards(AdminAccessGuard)
  @HttpCode(303)
  @Header('location', '/admin/sign-in')
  @Header('cache-control', 'no-store')
  signOut(@Req() request: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply): void {
    reply.header('set-cookie', sessionCookieHeader('', 0, cameOverTls(request, this.trustedProxies)));
  }
}
