import {
  Controller,
  Delete,
  Get,
  Header,
  HttpCode,
  Param,
  Post,
  UseFilters,
  UseGuards,
} from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCookieAuth,
  ApiForbiddenResponse,
  ApiOperation,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { ADMIN_AUTH, ADMIN_ONLY, ADMIN_SECURITY, ADMIN_SESSION_SECURITY, ADMIN_TAG } from './admin-api-docs';
import { type AdminPrincipal, actorName, CurrentPrincipal, RequiresAdmin } from './access/admin-principal';
import { AdminExceptionFilter } from './admin-exception.filter';
import { AdminRebuilds } from './admin-rebuilds.service';
import { AdminAccessGuard } from './access/admin-access.guard';

/** `kios-cli projections status|rebuild` over HTTP; `:name` is a projection or `all`. */
@ApiTags(ADMIN_TAG)
@ApiBearerAuth(ADMIN_SECURITY)
@ApiCookieAuth(ADMIN_SESSION_SECURITY)
@ApiUnauthorizedResponse({ description: ADMIN_AUTH })
@Controller('admin/projections')
@UseGuards(AdminAccessGuard)
@UseFilters(AdminExceptionFilter)
export class AdminProjectionsController {
  constructor(private readonly rebuilds: AdminRebuilds) {}

  @Get()
  @ApiOperation({
    summary: 'Each projection: checkpoint, lag in events and seconds, rebuilds (kios-cli projections status)',
  })
  @Header('cache-control', 'no-store')
  status() {
    return this.rebuilds.status();
  }

  /** Starts the rebuild and answers at once; GET shows its progress. */
  @Post(':name/rebuild')
  @RequiresAdmin()
  @ApiOperation({
    summary:
      'Rebuild a projection (or all) in the background; 409 while one runs. Recorded as ProjectionRebuildRequested on projection-<name>, naming who asked',
  })
  @ApiForbiddenResponse({ description: ADMIN_ONLY })
  @HttpCode(202)
  rebuild(@Param('name') name: string, @CurrentPrincipal() principal: AdminPrincipal) {
    return this.rebuilds.start(name, actorName(principal));
  }

  @Delete(':name/rebuild')
  @RequiresAdmin()
  @ApiForbiddenResponse({ description: ADMIN_ONLY })
  @ApiOperation({
    summary: 'Discard what an interrupted rebuild left (kios-cli projections rebuild --discard)',
  })
  discard(@Param('name') name: string) {
    return this.rebuilds.discard(name);
  }
}
