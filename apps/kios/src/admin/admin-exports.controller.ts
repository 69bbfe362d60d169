import { Readable } from 'node:stream';
import {
  BadRequestException,
  Controller,
  Get,
  Header,
  Query,
  StreamableFile,
  UseFilters,
  UseGuards,
} from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiCookieAuth,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiQuery,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import {
  AUDIT_SPAN_FORMATS,
  ORDER_EXPORT_CONTENT_TYPES,
  ORDER_EXPORT_FORMATS,
  orderExportChunks,
  orderExportFileName,
  type OrderExportFormat,
  parseAuditPeriod,
} from '@kios/audit';
import { OrderIndexReadModel } from '@kios/projections';
import { ADMIN_AUTH, ADMIN_SECURITY, ADMIN_SESSION_SECURITY, ADMIN_TAG } from './admin-api-docs';
import { AdminExceptionFilter } from './admin-exception.filter';
import { AdminAccessGuard } from './access/admin-access.guard';

type QueryValue = string | string[] | undefined;

/** A query parameter given once at most; twice (`?from=a&from=b`) is ambiguous and refused. */
function single(name: string, value: QueryValue): string | undefined {
  if (Array.isArray(value)) throw new BadRequestException(`${name} is given more than once`);
  return value;
}

function formatOf(value: string | undefined): OrderExportFormat {
  const format = value ?? 'csv';
  if (!(ORDER_EXPORT_FORMATS as readonly string[]).includes(format)) {
    throw new BadRequestException(`format "${format}" is not one of ${ORDER_EXPORT_FORMATS.join(', ')}`);
  }
  return format as OrderExportFormat;
}

function maskOf(value: string | undefined): boolean {
  if (value === undefined || value === 'false') return false;
  if (value === 'true') return true;
  throw new BadRequestException(`mask "${value}" is not true or false`);
}

/**
 * The text the generator makes, as a Readable that has already produced its first chunk: the first
 * read of the read model happens before the answer's status is sent, so a read model that cannot
 * be read is an error answer, not a 200 cut short.
 */
async function startedStream(chunks: AsyncGenerator<string>): Promise<Readable> {
  const first = await chunks.next();
  async function* all(): AsyncGenerator<string> {
    if (first.done) return;
    yield first.value;
    yield* chunks;
  }
  return Readable.from(all());
}

/**
 * `kios-cli export orders` over HTTP: the same rows, the same bytes, streamed as they are read. An
 * auditor may export (no @RequiresAdmin): it reads, it changes nothing.
 */
@ApiTags(ADMIN_TAG)
@ApiBearerAuth(ADMIN_SECURITY)
@ApiCookieAuth(ADMIN_SESSION_SECURITY)
@ApiUnauthorizedResponse({ description: ADMIN_AUTH })
@Controller('admin/exports')
@UseGuards(AdminAccessGuard)
@UseFilters(AdminExceptionFilter)
export class AdminExportsController {
  constructor(private readonly orders: OrderIndexReadModel) {}

  @Get('orders')
  @ApiOperation({
    summary:
      'The reconciliation export (kios-cli export orders): one row per order placed from `from` up to (not including) `to`, oldest first, as CSV or JSON lines, streamed; an attachment named after the period',
  })
  @ApiQuery({
    name: 'from',
    required: true,
    description: `the period's first instant: ${AUDIT_SPAN_FORMATS}`,
  })
  @ApiQuery({
    name: 'to',
    required: true,
    description: `the instant the period ends before: ${AUDIT_SPAN_FORMATS}`,
  })
  @ApiQuery({
    name: 'format',
    required: false,
    enum: ORDER_EXPORT_FORMATS,
    description: 'csv (default) or jsonl',
  })
  @ApiQuery({
    name: 'mask',
    required: false,
    enum: ['true', 'false'],
    description: 'true: destinations keep only their last 4 characters',
  })
  @ApiProduces(ORDER_EXPORT_CONTENT_TYPES.csv, ORDER_EXPORT_CONTENT_TYPES.jsonl)
  @ApiOkResponse({
    description:
      'CSV (RFC 4180, header row) or one JSON object a line: requestId, orderId, productId, product, destination, danaPriceMinor, supplier, supplierRef, supplierCostMinor, status, createdAt, settledAt',
  })
  @ApiBadRequestResponse({
    description: 'a bound missing or not a time, `to` not after `from`, an unknown format',
  })
  @Header('cache-control', 'no-store')
  async exportOrders(
    @Query('from') fromText: QueryValue,
    @Query('to') toText: QueryValue,
    @Query('format') formatText: QueryValue,
    @Query('mask') maskText: QueryValue,
  ): Promise<StreamableFile> {
    const period = parseAuditPeriod({ from: single('from', fromText), to: single('to', toText) });
    if ('problem' in period) throw new BadRequestException(period.problem);
    const format = formatOf(single('format', formatText));
    const mask = maskOf(single('mask', maskText));
    const stream = await startedStream(orderExportChunks(this.orders.stream(period), { format, mask }));
    return new StreamableFile(stream, {
      type: ORDER_EXPORT_CONTENT_TYPES[format],
      disposition: `attachment; filename="${orderExportFileName(period, format)}"`,
    });
  }
}
