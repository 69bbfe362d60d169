import 'reflect-metadata';
import {
  BadRequestException,
  type CallHandler,
  type CanActivate,
  Controller,
  type ExecutionContext,
  HttpCode,
  Injectable,
  Module,
  type NestInterceptor,
  Post,
  Req,
  UnauthorizedException,
  UseGuards,
  UseInterceptors,
} from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { CommandBus, CommandHandler, CqrsModule, type ICommandHandler } from '@nestjs/cqrs';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyRequest } from 'fastify';
import { concatMap, type Observable } from 'rxjs';
import {
  CreateOrderRequestDto,
  DanaPath,
  formatDanaTime,
  signedEnvelopeAsync,
  systemClock,
  validateEnvelope,
  verifySignedBodyAsync,
} from '@kios/dana-protocol';
import { signingServerKeys } from './signing-server-keys';

/*
 * The bare server's work (verify, sign) done through the stack issue 19 keeps: Nest on fastify, the
 * request's envelope checked by class-validator against kios's own DTO, a command sent over
 * @nestjs/cqrs's bus to its handler, the answer signed by an interceptor; each piece in the
 * arrangement kios uses (the body kept as text beside its parse, verify and sign in libuv's pool).
 * Nothing is stored, logged or counted. What it reaches is the most kios could, keeping its stack,
 * on this machine. Started by BareSigningServer with `stack: 'nest'`.
 */
const { privateKey, danaPublicKey } = signingServerKeys();

type SignedRequest = FastifyRequest & { rawBody?: string; envelope?: CreateOrderRequestDto };

@Injectable()
class SignedEnvelopeGuard implements CanActivate {
  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<SignedRequest>();
    const signature = await verifySignedBodyAsync(request.rawBody ?? '', 'request', danaPublicKey);
    if (!signature.ok) throw new UnauthorizedException(signature.reason);
    const validation = validateEnvelope(CreateOrderRequestDto, request.body);
    if (!validation.ok) throw new BadRequestException(validation.errors.join('; '));
    request.envelope = validation.value;
    return true;
  }
}

@Injectable()
class SignedAnswerInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler<object>): Observable<string> {
    const { head } = context.switchToHttp().getRequest<SignedRequest>().envelope!.request;
    return next
      .handle()
      .pipe(
        concatMap((body) =>
          signedEnvelopeAsync(
            'response',
            { head: { ...head, respTime: formatDanaTime(systemClock.now()) }, body },
            privateKey,
          ),
        ),
      );
  }
}

class AnswerOrder {
  constructor(readonly requestId: string) {}
}

@CommandHandler(AnswerOrder)
class AnswerOrderHandler implements ICommandHandler<AnswerOrder> {
  async execute({ requestId }: AnswerOrder): Promise<object> {
    return { order: { requestId, orderStatus: { code: '10', status: 'SUCCESS' } } };
  }
}

@Controller()
class CreateOrderController {
  constructor(private readonly commands: CommandBus) {}

  @Post(DanaPath.createOrder)
  @HttpCode(200)
  @UseGuards(SignedEnvelopeGuard)
  @UseInterceptors(SignedAnswerInterceptor)
  create(@Req() request: SignedRequest): Promise<object> {
    return this.commands.execute(new AnswerOrder(request.envelope!.request.body.requestId));
  }
}

@Module({
  imports: [CqrsModule.forRoot()],
  controllers: [CreateOrderController],
  providers: [AnswerOrderHandler],
})
class NestSigningServerModule {}

async function main(): Promise<void> {
  const app = await NestFactory.create<NestFastifyApplication>(
    NestSigningServerModule,
    new FastifyAdapter(),
    {
      logger: false,
      bodyParser: false,
    },
  );
  app
    .getHttpAdapter()
    .getInstance()
    .addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
      (request as SignedRequest).rawBody = body as string;
      try {
        done(null, JSON.parse(body as string));
      } catch (error) {
        done(error as Error, undefined);
      }
    });
  await app.listen(Number(process.env.BARE_PORT), '127.0.0.1');
  process.once('SIGTERM', () => void app.close());
}

void main();
