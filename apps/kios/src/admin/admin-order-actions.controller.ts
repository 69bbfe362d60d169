import { randomUUID } from 'node:crypto';
import {
  BadRequestException,
  Body,
  ConflictException,
  Controller,
  HttpCode,
  NotFoundException,
  Param,
  Post,
  Req,
  Res,
  UseFilters,
  UseGuards,
} from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import {
  ApiBearerAuth,
  ApiConflictResponse,
  ApiCookieAuth,
  ApiForbiddenResponse,
  ApiOperation,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import {
  CallbackNotAbandoned,
  CallbackNotOwed,
  FulfilmentNotRequested,
  OrderAlreadyFinal,
  OrderNotFound,
  RetryOrderCallback,
  SettleOrder,
  SettlementIncomplete,
} from '@kios/ordering';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AdminAccessGuard } from './access/admin-access.guard';
import { type AdminPrincipal, actorName, CurrentPrincipal, RequiresAdmin } from './access/admin-principal';
import { ADMIN_AUTH, ADMIN_ONLY, ADMIN_SECURITY, ADMIN_SESSION_SECURITY, ADMIN_TAG } from './admin-api-docs';
import { AdminExceptionFilter } from './admin-exception.filter';
import { type SettlementForm, settlementOf } from './order-settlement.form';

/** The refusals of the two commands, as HTTP answers: the rules stay in their handlers. */
function refusal(error: unknown): Error {
  if (error instanceof OrderNotFound)
    return new NotFoundException(`no order with requestId ${error.requestId}`);
  if (error instanceof SettlementIncomplete) return new BadRequestException(error.message);
  const conflicts = [CallbackNotOwed, CallbackNotAbandoned, OrderAlreadyFinal, FulfilmentNotRequested];
  if (conflicts.some((type) => error instanceof type)) return new ConflictException((error as Error).message);
  return error as Error;
}

/**
 * The admin actions on one order, the same commands as `kios-cli callbacks retry` and `orders settle`
 * executed on kios's CommandBus, recorded on the order naming the user (`kios-admin (<name>)`). A
 * browser's form is sent back to the order's timeline (303); a script gets JSON.
 */
@ApiTags(ADMIN_TAG)
@ApiBearerAuth(ADMIN_SECURITY)
@ApiCookieAuth(ADMIN_SESSION_SECURITY)
@ApiUnauthorizedResponse({ description: ADMIN_AUTH })
@ApiForbiddenResponse({ description: ADMIN_ONLY })
@Controller('admin/orders')
@UseGuards(AdminAccessGuard)
@UseFilters(AdminExceptionFilter)
export class AdminOrderActionsController {
  constructor(private readonly commands: CommandBus) {}

  @Post(':requestId/callback/retry')
  @RequiresAdmin()
  @HttpCode(200)
  @ApiOperation({ summary: 'Send an abandoned Order Complete Callback again (kios-cli callbacks retry)' })
  @ApiConflictResponse({ description: 'the order owes no callback, or its callback is not abandoned' })
  async retryCallback(
    @Param('requestId') requestId: string,
    @CurrentPrincipal() principal: AdminPrincipal,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const requestedBy = actorName(principal);
    const commandId = `kios-admin-callbacks-retry-${randomUUID()}`;
    await this.commands.execute(new RetryOrderCallback(requestId, requestedBy, commandId)).catch((error) => {
      throw refusal(error);
    });
    return answer(request, reply, requestId, { requestId, retryRequestedBy: requestedBy });
  }

  @Post(':requestId/settle')
  @RequiresAdmin()
  @HttpCode(200)
  @ApiOperation({
    summary:
      'Settle an order kios will not decide alone (kios-cli orders settle): outcome succeeded with serialNumber (and token), or failed with reason; evidence always',
  })
  @ApiConflictResponse({ description: 'the order is final already, or was never sent to a supplier' })
  async settle(
    @Param('requestId') requestId: string,
    @Body() form: SettlementForm | undefined,
    @CurrentPrincipal() principal: AdminPrincipal,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const { outcome, evidence } = settlementOf(form);
    const settledBy = actorName(principal);
    const commandId = `kios-admin-orders-settle-${randomUUID()}`;
    const result = await this.commands
      .execute(new SettleOrder(requestId, outcome, settledBy, evidence, commandId))
      .catch((error) => {
        throw refusal(error);
      });
    return answer(request, reply, requestId, { requestId, settledBy, ...result });
  }
}

/** JSON for a script; for a browser's form, back to the order's timeline, which shows what was recorded. */
function answer<T>(
  request: FastifyRequest,
  reply: FastifyReply,
  requestId: string,
  document: T,
): T | undefined {
  if (!(request.headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded'))
    return document;
  reply
    .status(303)
    .header('location', `/admin/orders/${encodeURIComponent(requestId)}/timeline`)
    .header('cache-control', 'no-store');
  return undefined;
}
