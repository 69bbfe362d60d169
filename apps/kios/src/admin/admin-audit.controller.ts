import {
  BadRequestException,
  Controller,
  Get,
  Header,
  Inject,
  NotFoundException,
  Param,
  Query,
  UseFilters,
  UseGuards,
} from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiOperation,
  ApiProduces,
  ApiQuery,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { EVENT_STORE, type EventStore, HashChainedEventStore } from '@kios/event-store';
import {
  AUDIT_TIME_FORMATS,
  type ChainReport,
  chainSummary,
  formatChainBreaks,
  historyDocument,
  orderHistory,
  type OrderHistory,
  orderStateAt,
  orderStateDocument,
  parseAuditTime,
  verifyAllChains,
  verifyOrderChains,
} from '@kios/audit';
import { ADMIN_AUTH, ADMIN_SECURITY, ADMIN_TAG } from './admin-api-docs';
import { AdminExceptionFilter } from './admin-exception.filter';
import { AdminTokenGuard } from './admin-token.guard';
import { orderTimeline } from './order-timeline';
import { renderOrderTimelinePage } from './order-timeline.page';

function chainDocument(report: ChainReport) {
  const texts = formatChainBreaks(report);
  return {
    intact: report.breaks.length === 0,
    summary: chainSummary(report),
    eventCount: report.eventCount,
    streamCount: report.streamCount,
    breaks: report.breaks.map((found, index) => ({ ...found, text: texts[index] })),
  };
}

/** What `kios-cli history` and `kios-cli verify` show, for auditors over HTTP, plus the timeline page. */
@ApiTags(ADMIN_TAG)
@ApiBearerAuth(ADMIN_SECURITY)
@ApiUnauthorizedResponse({ description: ADMIN_AUTH })
@Controller('admin')
@UseGuards(AdminTokenGuard)
@UseFilters(AdminExceptionFilter)
export class AdminAuditController {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  @Get('orders/:requestId/history')
  @ApiOperation({ summary: 'Every event of the order and its inquiry (kios-cli history --json)' })
  @ApiQuery({
    name: 'at',
    required: false,
    description: 'the order as it was then instead (kios-cli history --at): GMT+7 or ISO-8601 with an offset',
  })
  @Header('cache-control', 'no-store')
  async history(@Param('requestId') requestId: string, @Query('at') atText?: string) {
    const at = atText === undefined ? undefined : parseAuditTime(atText);
    if (atText !== undefined && at === undefined) {
      throw new BadRequestException(`at "${atText}" is not a time; expected ${AUDIT_TIME_FORMATS}`);
    }
    const found = await this.historyOf(requestId);
    return at === undefined ? historyDocument(found) : orderStateDocument(orderStateAt(found, at));
  }

  @Get('orders/:requestId/verify')
  @ApiOperation({ summary: "The hash chains of the order's and its inquiry's streams (kios-cli verify)" })
  @Header('cache-control', 'no-store')
  async verifyOrder(@Param('requestId') requestId: string) {
    const report = await verifyOrderChains(this.stored(), requestId);
    if (!report) throw new NotFoundException(`no order with requestId ${requestId}`);
    return chainDocument(report);
  }

  @Get('verify')
  @ApiOperation({ summary: 'The hash chain of every stream (kios-cli verify --all)' })
  @Header('cache-control', 'no-store')
  async verifyAll() {
    return chainDocument(await verifyAllChains(this.stored()));
  }

  @Get('orders/:requestId/timeline')
  @ApiOperation({
    summary: 'The order as a timeline page for auditors: every event, the order after each, callbacks',
  })
  @ApiProduces('text/html')
  @Header('content-type', 'text/html; charset=utf-8')
  @Header('cache-control', 'no-store')
  // Inline CSS only: no script, no external asset, nothing to inject.
  @Header('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'")
  async timeline(@Param('requestId') requestId: string): Promise<string> {
    return renderOrderTimelinePage(orderTimeline(await this.historyOf(requestId)));
  }

  private async historyOf(requestId: string): Promise<OrderHistory> {
    const found = await orderHistory(this.store, requestId);
    if (!found) throw new NotFoundException(`no order with requestId ${requestId}`);
    return found;
  }

  /** The events as stored, chain keys visible (the chained store hides them from readers). */
  private stored(): EventStore {
    return this.store instanceof HashChainedEventStore ? this.store.underlying : this.store;
  }
}
