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
import { ApiBearerAuth, ApiOperation, ApiTags, ApiUnauthorizedResponse } from '@nestjs/swagger';
import { ADMIN_AUTH, ADMIN_SECURITY, ADMIN_TAG } from './admin-api-docs';
import { AdminExceptionFilter } from './admin-exception.filter';
import { AdminRebuilds } from './admin-rebuilds.service';
import { AdminTokenGuard } from './admin-token.guard';

/** `kios-cli projections status|rebuild` over HTTP; `:name` is a projection or `all`. */
@ApiTags(ADMIN_TAG)
@ApiBearerAuth(ADMIN_SECURITY)
@ApiUnauthorizedResponse({ description: ADMIN_AUTH })
@Controller('admin/projections')
@UseGuards(AdminTokenGuard)
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
  @ApiOperation({ summary: 'Rebuild a projection (or all) in the background; 409 while one runs' })
  @HttpCode(202)
  rebuild(@Param('name') name: string) {
    return this.rebuilds.start(name);
  }

  @Delete(':name/rebuild')
  @ApiOperation({
    summary: 'Discard what an interrupted rebuild left (kios-cli projections rebuild --discard)',
  })
  discard(@Param('name') name: string) {
    return this.rebuilds.discard(name);
  }
}
