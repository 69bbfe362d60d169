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
  ApiCookieAuth,
  ApiOperation,
  ApiProduces,
  ApiQuery,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { EVENT_STORE, type EventStore, HashChainedEventStore } from '@kios/event-store';
import {
  AUDIT_TIME_FORMATS,
  type AuditKeys,
  auditStore,
  type ChainReport,
  formatChainBreaks,
  historyDocument,
  orderAnchoring,
  orderAnchoringSummary,
  orderAnchoringVerdict,
  orderHistory,
  type OrderHistory,
  orderStateAt,
  orderStateDocument,
  parseAuditTime,
  storeAuditBreaks,
  storeAuditSummary,
} from '@kios/audit';
import { KIOS_CONFIG, type KiosConfig } from '../config/kios-config';
import { ADMIN_AUTH, ADMIN_SECURITY, ADMIN_SESSION_SECURITY, ADMIN_TAG } from './admin-api-docs';
import { AdminExceptionFilter } from './admin-exception.filter';
import { AdminAccessGuard } from './access/admin-access.guard';
import { type AdminPrincipal, CurrentPrincipal } from './access/admin-principal';
import { ADMIN_PAGE_CSP } from './access/page-policy';
import { evidenceSection } from './order-evidence.page';
import { orderTimeline } from './order-timeline';
import { renderOrderTimelinePage } from './order-timeline.page';

/**
 * What `kios-cli verify` prints, as JSON: `breaks` the per-stream chain breaks, `anchorBreaks` what
 * the anchors found (the anchors themselves, the log between them, streams shorter or gone),
 * `intact` when neither has any; the events no anchor covers yet are counted, not a break.
 */
function verifyDocument(
  chain: ChainReport,
  allBreaks: readonly string[],
  summary: string,
  notYetCovered: number,
) {
  const texts = formatChainBreaks(chain);
  return {
    intact: allBreaks.length === 0,
    summary,
    eventCount: chain.eventCount,
    streamCount: chain.streamCount,
    breaks: chain.breaks.map((found, index) => ({ ...found, text: texts[index] })),
    anchorBreaks: allBreaks.slice(texts.length),
    notYetCovered,
  };
}

/** What `kios-cli history` and `kios-cli verify` show, for auditors over HTTP, plus the timeline page. */
@ApiTags(ADMIN_TAG)
@ApiBearerAuth(ADMIN_SECURITY)
@ApiCookieAuth(ADMIN_SESSION_SECURITY)
@ApiUnauthorizedResponse({ description: ADMIN_AUTH })
@Controller('admin')
@UseGuards(AdminAccessGuard)
@UseFilters(AdminExceptionFilter)
export class AdminAuditController {
  private readonly auditKeys: AuditKeys;

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(KIOS_CONFIG) config: KiosConfig,
  ) {
    this.auditKeys = config.keys.auditPublicKeys;
  }

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
  @ApiOperation({
    summary:
      "The hash chains of the order's and its inquiry's streams, held against the anchors (kios-cli verify)",
  })
  @Header('cache-control', 'no-store')
  async verifyOrder(@Param('requestId') requestId: string) {
    const anchoring = await this.anchoringOf(requestId);
    return {
      ...verifyDocument(
        anchoring.chain,
        anchoring.breaks,
        orderAnchoringSummary(anchoring),
        anchoring.notYetAnchored,
      ),
      verdict: orderAnchoringVerdict(anchoring),
    };
  }

  @Get('verify')
  @ApiOperation({
    summary: 'The hash chain of every stream, the anchors and the log between them (kios-cli verify --all)',
  })
  @Header('cache-control', 'no-store')
  async verifyAll() {
    const report = await auditStore(this.stored(), this.auditKeys);
    const { log } = report;
    const chain = { eventCount: log.eventCount, streamCount: log.streamCount, breaks: log.chainBreaks };
    return verifyDocument(chain, storeAuditBreaks(report), storeAuditSummary(report), log.notYetCovered);
  }

  @Get('orders/:requestId/timeline')
  @ApiOperation({
    summary: 'The order as a timeline page for auditors: every event, the order after each, callbacks',
  })
  @ApiProduces('text/html')
  @Header('content-type', 'text/html; charset=utf-8')
  @Header('cache-control', 'no-store')
  @Header('content-security-policy', ADMIN_PAGE_CSP)
  async timeline(
    @Param('requestId') requestId: string,
    @CurrentPrincipal() principal: AdminPrincipal,
  ): Promise<string> {
    const history = await this.historyOf(requestId);
    return renderOrderTimelinePage(
      orderTimeline(history),
      evidenceSection(await this.anchoringOf(requestId)),
      { name: principal.name, role: principal.role, csrf: principal.session?.csrf },
    );
  }

  private async anchoringOf(requestId: string) {
    const anchoring = await orderAnchoring(this.stored(), requestId, this.auditKeys);
    if (!anchoring) throw new NotFoundException(`no order with requestId ${requestId}`);
    return anchoring;
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
