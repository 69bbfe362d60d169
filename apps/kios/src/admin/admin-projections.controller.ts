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
import { AdminExceptionFilter } from './admin-exception.filter';
import { AdminRebuilds } from './admin-rebuilds.service';
import { AdminTokenGuard } from './admin-token.guard';

/** `kios-cli projections status|rebuild` over HTTP; `:name` is a projection or `all`. */
@Controller('admin/projections')
@UseGuards(AdminTokenGuard)
@UseFilters(AdminExceptionFilter)
export class AdminProjectionsController {
  constructor(private readonly rebuilds: AdminRebuilds) {}

  @Get()
  @Header('cache-control', 'no-store')
  status() {
    return this.rebuilds.status();
  }

  /** Starts the rebuild and answers at once; GET shows its progress. */
  @Post(':name/rebuild')
  @HttpCode(202)
  rebuild(@Param('name') name: string) {
    return this.rebuilds.start(name);
  }

  @Delete(':name/rebuild')
  discard(@Param('name') name: string) {
    return this.rebuilds.discard(name);
  }
}
