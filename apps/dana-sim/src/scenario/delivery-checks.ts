import type { DanaOrder, DanaOrderNotFound } from '@kios/dana-protocol';
import type { OpenedCallbackSource } from '../callbacks/callback-source';
import { isFinal, waitForCallback } from '../orders/final-status';
import { secondsText } from '../output/dana-format';
import { checkEqual, checkField, checkStatus, describeStatus } from './expectations';
import type { ScenarioStep } from './scenario-file';
import type { StepReport } from './step-report';

/** Where a scenario reads DANA's callbacks (undefined when no step expects one), and how often it looks. */
export interface CallbackWatch {
  callbacks?: OpenedCallbackSource;
  pollMs: number;
}

export function stillOpen(order: DanaOrder | DanaOrderNotFound, step: ScenarioStep): string[] {
  return isFinal(order.orderStatus)
    ? []
    : [`still ${describeStatus(order.orderStatus)} after ${secondsText(step.timeoutMs)}`];
}

/** The serial number and token of the order as it stands, and the callback DANA should have had. */
export async function checkDelivery(
  step: Extract<ScenarioStep, { call: 'createOrder' | 'wait' }>,
  order: DanaOrder | DanaOrderNotFound,
  report: StepReport,
  watch: CallbackWatch,
): Promise<void> {
  const delivered = 'orderId' in order ? order : undefined;
  if (delivered?.serialNumber) report.say(`serial ${delivered.serialNumber}`);
  if (delivered?.token) report.say(`token ${delivered.token}`);
  report.fail(
    ...checkField('serialNumber', step.expect.serialNumber, delivered?.serialNumber),
    ...checkField('token', step.expect.token, delivered?.token),
  );
  if (step.expect.callback) await checkCallback(step, order, step.expect.callback, report, watch);
}

async function checkCallback(
  step: ScenarioStep,
  order: DanaOrder | DanaOrderNotFound,
  expected: string,
  report: StepReport,
  watch: CallbackWatch,
): Promise<void> {
  const opened = watch.callbacks;
  if (!opened?.source) return report.fail(`no callback receiver: ${opened?.reason ?? 'none was opened'}`);
  const callback = await waitForCallback(opened.source, order.requestId, {
    timeoutMs: step.timeoutMs,
    pollMs: watch.pollMs,
  });
  if (!callback) {
    return report.fail(
      `no Order Complete Callback on ${opened.source.description} within ${secondsText(step.timeoutMs)}`,
    );
  }
  report.say(`callback ${describeStatus(callback.orderStatus)}`);
  report.fail(...checkStatus('callback', expected, callback.orderStatus));
  if (!callback.signatureValid || callback.problems.length > 0) {
    report.fail(`the callback was not sound: ${callback.problems.join('; ')}`);
  }
  if ('orderId' in order && isFinal(order.orderStatus)) {
    report.fail(
      ...checkEqual(
        'callback serialNumber (as Get Order Detail)',
        order.serialNumber ?? '',
        callback.orders?.serialNumber ?? '',
      ),
    );
  }
}
