import { randomUUID } from 'node:crypto';
import { CallbackNotAbandoned, CallbackNotOwed, OrderNotFound, RetryOrderCallback } from '@kios/ordering';
import { type CliContext, CliError } from '../cli-context';
import { parseCommandArgs } from '../command-args';
import { operatorName } from '../operator';

export const callbacksRetryUsage = `kios-cli callbacks retry <requestId>

  Sends an abandoned Order Complete Callback again (DANA refused it, or its retries ran out),
  once the cause is dealt with. kios sends it within moments, with the order's final status as
  before, and retries it on the usual schedule. Only abandoned callbacks can be retried.

  example: kios-cli callbacks retry 20250115100610123456789`;

export async function callbacksRetry(args: string[], context: CliContext): Promise<void> {
  const { positionals } = parseCommandArgs(args, {}, callbacksRetryUsage);
  if (positionals.length !== 1) throw new CliError(`expected one requestId\n\n${callbacksRetryUsage}`);
  const [requestId] = positionals;
  const commandId = `kios-cli-callbacks-retry-${randomUUID()}`;
  const commands = await context.commandBus();
  try {
    await commands.execute(new RetryOrderCallback(requestId, operatorName(), commandId));
  } catch (error) {
    if ([OrderNotFound, CallbackNotOwed, CallbackNotAbandoned].some((refusal) => error instanceof refusal)) {
      throw new CliError((error as Error).message);
    }
    throw error;
  }
  context.print(
    `retry requested: kios sends the Order Complete Callback of order ${requestId} again shortly`,
  );
}
