import { createHash, timingSafeEqual } from 'node:crypto';
import {
  type CanActivate,
  type ExecutionContext,
  Inject,
  Injectable,
  NotFoundException,
  UnauthorizedException,
} from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { KIOS_CONFIG, type KiosConfig } from '../config/kios-config';

const digest = (text: string): Buffer => createHash('sha256').update(text, 'utf8').digest();

/**
 * The admin and auditor API answers only a bearer token equal to KIOS_ADMIN_TOKEN. Both sides are
 * hashed first, so the comparison is constant-time over equal lengths and says nothing about the
 * token's length either. Without a configured token there is no admin API at all: 404, as for any
 * route that does not exist (AdminModule does not even mount it; this guard holds if it ever is).
 */
@Injectable()
export class AdminTokenGuard implements CanActivate {
  private readonly expected?: Buffer;

  constructor(@Inject(KIOS_CONFIG) config: KiosConfig) {
    this.expected = config.adminToken ? digest(config.adminToken) : undefined;
  }

  canActivate(context: ExecutionContext): boolean {
    if (!this.expected) throw new NotFoundException();
    const header = context.switchToHttp().getRequest<FastifyRequest>().headers.authorization ?? '';
    const bearer = /^Bearer +(\S+) *$/i.exec(header);
    const matches = timingSafeEqual(digest(bearer?.[1] ?? ''), this.expected);
    if (!bearer || !matches)
      throw new UnauthorizedException('the admin API needs Authorization: Bearer <KIOS_ADMIN_TOKEN>');
    return true;
  }
}
