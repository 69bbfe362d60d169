import {
  applyDecorators,
  BadRequestException,
  Controller,
  Get,
  Header,
  Headers,
  Inject,
  Query,
  Res,
  UseFilters,
  UseGuards,
} from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiBadRequestResponse,
  ApiCookieAuth,
  ApiOperation,
  ApiProduces,
  ApiQuery,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import {
  AUDIT_SPAN_FORMATS,
  ORDER_SEARCH_PARAMETERS,
  orderListEntry,
  orderSearchOf,
  type OrderSearchText,
} from '@kios/audit';
import {
  InvalidOrderSearch,
  ORDER_INDEX_STATUSES,
  ORDER_SEARCH_LIMIT,
  OrderIndexReadModel,
} from '@kios/projections';
import { ADMIN_AUTH, ADMIN_SECURITY, ADMIN_SESSION_SECURITY, ADMIN_TAG } from './admin-api-docs';
import { AdminExceptionFilter } from './admin-exception.filter';
import { AdminAccessGuard } from './access/admin-access.guard';
import { ADMIN_PAGE_CSP } from './access/page-policy';
import { renderOrderSearchPage } from './order-search.page';

const PARAMETER_DOCS: Record<(typeof ORDER_SEARCH_PARAMETERS)[number], string> = {
  requestId: "DANA's requestId",
  orderId: "kios's orderId (ORD-…)",
  destination: 'the destination number or account, however written (+62 812…, 0812-…)',
  product: 'a productId',
  status: `one of ${ORDER_INDEX_STATUSES.join(', ')}`,
  from: `created at or after the start of: ${AUDIT_SPAN_FORMATS}`,
  to: 'created before the end of this time or date (same formats as from)',
  cursor: 'the `next` of the page before',
  limit: `orders per page, 1 to ${ORDER_SEARCH_LIMIT.max} (${ORDER_SEARCH_LIMIT.default} by default)`,
};

/** The query parameters, documented once for OpenAPI. */
const SearchParameterDocs = () =>
  applyDecorators(
    ...ORDER_SEARCH_PARAMETERS.map((name) =>
      ApiQuery({ name, required: false, type: String, description: PARAMETER_DOCS[name] }),
    ),
  );

/** The query as text, each parameter once; anything else is a mistake worth naming (a typo finds nothing). */
function searchText(query: Record<string, unknown>): OrderSearchText {
  const text: OrderSearchText = {};
  for (const [name, value] of Object.entries(query)) {
    if (!(ORDER_SEARCH_PARAMETERS as readonly string[]).includes(name)) {
      throw new BadRequestException(
        `${name}: not a search parameter; expected ${ORDER_SEARCH_PARAMETERS.join(', ')}`,
      );
    }
    if (typeof value !== 'string') throw new BadRequestException(`${name}: given more than once`);
    text[name as keyof OrderSearchText] = value;
  }
  return text;
}

/** A browser asks for a page (text/html before any application/json); scripts (curl, fetch: any type) get JSON. */
function wantsHtml(accept: string | undefined): boolean {
  const types = (accept ?? '').toLowerCase();
  const html = types.indexOf('text/html');
  const json = types.indexOf('application/json');
  return html >= 0 && (json < 0 || html < json);
}

/** Finds any order (kios-cli orders find over HTTP), as JSON or as a page with a search form. */
@ApiTags(ADMIN_TAG)
@ApiBearerAuth(ADMIN_SECURITY)
@ApiCookieAuth(ADMIN_SESSION_SECURITY)
@ApiUnauthorizedResponse({ description: ADMIN_AUTH })
@Controller('admin/orders')
@UseGuards(AdminAccessGuard)
@UseFilters(AdminExceptionFilter)
export class AdminOrdersController {
  constructor(@Inject(OrderIndexReadModel) private readonly orders: OrderIndexReadModel) {}

  @Get()
  @ApiOperation({
    summary:
      'Find orders, newest first, a page at a time (kios-cli orders find): JSON, or a page with a search form for a browser (Accept: text/html)',
  })
  @SearchParameterDocs()
  @ApiProduces('application/json', 'text/html')
  @ApiBadRequestResponse({ description: 'a parameter is wrong; the message names it' })
  @Header('cache-control', 'no-store')
  async find(
    @Query() query: Record<string, unknown>,
    @Headers('accept') accept: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const asked = searchText(query);
    let found;
    try {
      const { filter, page } = orderSearchOf(asked);
      found = await this.orders.find(filter, page);
    } catch (error) {
      if (error instanceof InvalidOrderSearch) throw new BadRequestException(error.message);
      throw error;
    }
    const orders = found.rows.map(orderListEntry);
    if (!wantsHtml(accept)) return { orders, next: found.next ?? null };
    const nextQuery =
      found.next === undefined
        ? undefined
        : new URLSearchParams({ ...withoutEmpty(asked), cursor: found.next }).toString();
    void reply
      .header('content-type', 'text/html; charset=utf-8')
      .header('content-security-policy', ADMIN_PAGE_CSP);
    return renderOrderSearchPage({ asked, orders, ...(nextQuery === undefined ? {} : { nextQuery }) });
  }
}

const withoutEmpty = (asked: OrderSearchText): Record<string, string> =>
  Object.fromEntries(Object.entries(asked).filter(([, value]) => value !== undefined && value.trim() !== ''));
