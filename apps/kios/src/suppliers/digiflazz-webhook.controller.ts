import { Controller, HttpCode, Post, Req, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import type { DanaHttpRequest } from '../http/dana-http-request';
import { DigiflazzWebhookReceiver } from './digiflazz-webhook.receiver';

/**
 * The URL to register in Digiflazz's member panel as the webhook (docs/digiflazz.md §6, §8):
 * `POST /suppliers/digiflazz/webhook`, outside the DANA base path and its signatures. Mounted only with
 * KIOS_SUPPLIER=digiflazz; otherwise the path is 404.
 */
@ApiTags('Suppliers')
@Controller('suppliers/digiflazz')
export class DigiflazzWebhookController {
  constructor(private readonly receiver: DigiflazzWebhookReceiver) {}

  @Post('webhook')
  @HttpCode(200)
  @ApiOperation({
    summary:
      "Digiflazz's webhook: X-Hub-Signature checked over the raw body (401), then recorded once per delivery",
  })
  async receive(
    @Req() request: DanaHttpRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<Record<string, unknown>> {
    const answer = await this.receiver.receive(request.rawBytes ?? Buffer.alloc(0), request.headers);
    reply.status(answer.httpStatus).header('cache-control', 'no-store');
    return answer.body;
  }
}
