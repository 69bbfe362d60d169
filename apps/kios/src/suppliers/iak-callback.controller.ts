import { Controller, HttpCode, Post, Req, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import type { DanaHttpRequest } from '../http/dana-http-request';
import { IakCallbackReceiver } from './iak-callback.receiver';

/**
 * The callback URL to set in IAK's developer settings (docs/iak.md §6, §7):
 * `POST /suppliers/iak/callback`, outside the DANA base path and its signatures. Mounted only with
 * KIOS_SUPPLIER=iak; otherwise the path is 404.
 */
@ApiTags('Suppliers')
@Controller('suppliers/iak')
export class IakCallbackController {
  constructor(private readonly receiver: IakCallbackReceiver) {}

  @Post('callback')
  @HttpCode(200)
  @ApiOperation({
    summary: "IAK's callback: data.sign = md5(username + api_key + ref_id) checked (401), then recorded once",
  })
  async receive(
    @Req() request: DanaHttpRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<Record<string, unknown>> {
    const answer = await this.receiver.receive(request.rawBytes ?? Buffer.alloc(0));
    reply.status(answer.httpStatus).header('cache-control', 'no-store');
    return answer.body;
  }
}
