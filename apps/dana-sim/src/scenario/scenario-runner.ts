import type { DanaInquiryResult, DanaOrder, DanaOrderNotFound, MoneyWire } from '@kios/dana-protocol';
import type { OpenedCallbackSource } from '../callbacks/callback-source';
import { type CreateOrderRequest, inquiryResult, type KiosApi } from '../kios/kios-api';
import { isFinal, pollUntilFinal } from '../orders/final-status';
import { rupiah, secondsText } from '../output/dana-format';
import { SimError } from '../sim-context';
import { checkDelivery, stillOpen } from './delivery-checks';
import { checkEqual, checkField, checkStatus, describeStatus } from './expectations';
import type { RequestIdRef, ScenarioStep } from './scenario-file';
import { answered, StepReport, type StepVerdict } from './step-report';

/** What later steps may refer to. */
interface StepRecord {
  requestId?: string;
  request?: CreateOrderRequest;
  inquiry?: DanaInquiryResult;
  order?: DanaOrder;
  /** The order's final state, when a step saw it. */
  final?: DanaOrder | DanaOrderNotFound;
}

export interface ScenarioRunnerOptions {
  api: KiosApi;
  /** Where callbacks are read; undefined when no step expects one. */
  callbacks?: OpenedCallbackSource;
  newRequestId: () => string;
  pollMs: number;
}

/** Runs scenario steps in order against kios, as DANA would call it, and judges each one. */
export class ScenarioRunner {
  private readonly records = new Map<string, StepRecord>();

  constructor(private readonly options: ScenarioRunnerOptions) {}

  async run(steps: ScenarioStep[], onVerdict: (verdict: StepVerdict) => void): Promise<StepVerdict[]> {
    const verdicts: StepVerdict[] = [];
    for (const step of steps) {
      const verdict = await this.runStep(step);
      verdicts.push(verdict);
      onVerdict(verdict);
    }
    return verdicts;
  }

  private async runStep(step: ScenarioStep): Promise<StepVerdict> {
    const started = performance.now();
    const report = new StepReport();
    const record: StepRecord = {};
    this.records.set(step.name, record);
    try {
      await this.perform(step, record, report);
    } catch (error) {
      // A kios that cannot be reached or answers nonsense fails the step, not the whole run.
      report.fail(error instanceof Error ? error.message : String(error));
    }
    return {
      step: step.name,
      number: step.number,
      call: step.call,
      passed: report.problems.length === 0,
      problems: report.problems,
      summary: report.said.join(', '),
      ms: performance.now() - started,
      ...(record.requestId ? { requestId: record.requestId } : {}),
    };
  }

  private perform(step: ScenarioStep, record: StepRecord, report: StepReport): Promise<void> {
    switch (step.call) {
      case 'products':
        return this.products(step, report);
      case 'inquire':
        return this.inquire(step, record, report);
      case 'createOrder':
        return this.createOrder(step, record, report);
      case 'orderDetail':
        return this.orderDetail(step, report);
      case 'wait':
        return this.wait(step, record, report);
      case 'validate':
        return this.validate(step, report);
    }
  }

  private async products(step: Extract<ScenarioStep, { call: 'products' }>, report: StepReport) {
    const body = answered(await this.options.api.products(step.type, step.provider), step.expect, report);
    if (!body) return;
    const ids = (body.products ?? []).map((product) => product.productId);
    report.say(`${ids.length} products`);
    report.fail(...checkEqual('count', step.expect.count, ids.length));
    const missing = (step.expect.includes ?? []).filter((id) => !ids.includes(id));
    if (missing.length > 0) report.fail(`expected the list to include ${missing.join(', ')}`);
  }

  private async inquire(
    step: Extract<ScenarioStep, { call: 'inquire' }>,
    record: StepRecord,
    report: StepReport,
  ) {
    const body = answered(
      await this.options.api.inquire(step.productId, step.destination),
      step.expect,
      report,
    );
    if (!body) return;
    const result = body.inquiryResults?.[0];
    if (!result) return report.fail('kios answered without an inquiry result');
    record.inquiry = result;
    report.say(describeStatus(result.inquiryStatus));
    if (result.totalAmount && result.inquiryStatus?.status === 'SUCCESS')
      report.say(`total ${rupiah(result.totalAmount)}`);
    if (result.customerName) report.say(result.customerName);
    const { expect } = step;
    report.fail(
      ...checkStatus('inquiryStatus', expect.inquiryStatus, result.inquiryStatus),
      ...checkField('customerName', expect.customerName, result.customerName),
      ...checkEqual('totalAmount', expect.totalAmount, result.totalAmount?.value),
    );
  }

  private async validate(step: Extract<ScenarioStep, { call: 'validate' }>, report: StepReport) {
    const { productId, destination } = step;
    const body = answered(
      await this.options.api.userValidate(productId, destination.primaryParam, destination.secondaryParam),
      step.expect,
      report,
    );
    if (!body) return;
    report.say(describeStatus(body.userStatus));
    if (body.customerName) report.say(body.customerName);
    else if (body.userStatus?.message) report.say(body.userStatus.message);
    report.fail(
      ...checkStatus('userStatus', step.expect.userStatus, body.userStatus),
      ...checkField('customerName', step.expect.customerName, body.customerName),
    );
  }

  private async createOrder(
    step: Extract<ScenarioStep, { call: 'createOrder' }>,
    record: StepRecord,
    report: StepReport,
  ) {
    const request = await this.orderRequest(step);
    record.requestId = request.requestId;
    record.request = request;
    const body = answered(await this.options.api.createOrder(request), step.expect, report);
    if (!body) return;
    const { order } = body;
    record.order = order;
    report.say(describeStatus(order.orderStatus));
    const { expect } = step;
    report.fail(...checkStatus('orderStatus', expect.orderStatus, order.orderStatus));
    if (expect.sameOrderAs) report.fail(...this.sameOrder(expect.sameOrderAs, order));

    let settled: DanaOrder | DanaOrderNotFound = order;
    if (expect.eventually) {
      settled = await pollUntilFinal(this.options.api, request.requestId, this.patience(step));
      record.final = settled;
      report.continue(`→ ${describeStatus(settled.orderStatus)}`);
      report.fail(
        ...stillOpen(settled, step),
        ...checkStatus('eventually', expect.eventually, settled.orderStatus),
      );
    } else if (isFinal(order.orderStatus)) {
      record.final = order;
    }
    await checkDelivery(step, settled, report, this.options);
  }

  private async wait(step: Extract<ScenarioStep, { call: 'wait' }>, record: StepRecord, report: StepReport) {
    const requestId = this.requestIdOf(step.requestId);
    record.requestId = requestId;
    const started = performance.now();
    const settled = await pollUntilFinal(this.options.api, requestId, this.patience(step));
    record.final = settled;
    // A later replay of the order this step waited for compares with how it ended.
    const waitedFor = step.requestId.kind === 'same' ? this.records.get(step.requestId.step) : undefined;
    if (waitedFor) waitedFor.final = settled;
    report.say(`${describeStatus(settled.orderStatus)} after ${secondsText(performance.now() - started)}`);
    report.fail(
      ...stillOpen(settled, step),
      ...checkStatus('orderStatus', step.expect.orderStatus, settled.orderStatus),
    );
    await checkDelivery(step, settled, report, this.options);
  }

  private async orderDetail(step: Extract<ScenarioStep, { call: 'orderDetail' }>, report: StepReport) {
    const requestIds = step.requestIds.map((ref) => this.requestIdOf(ref));
    const body = answered(await this.options.api.orderDetail(requestIds), step.expect, report);
    if (!body) return;
    const orders = body.orders ?? [];
    report.say(orders.map((order) => order.orderStatus?.status ?? '?').join(' '));
    if (orders.length !== requestIds.length) {
      return report.fail(`expected ${requestIds.length} orders, one per identifier, got ${orders.length}`);
    }
    orders.forEach((order, index) => {
      const label = `order ${index + 1} (${requestIds[index]})`;
      if (order.requestId !== requestIds[index]) {
        report.fail(`${label}: answered for requestId ${order.requestId}, not in the order asked`);
      }
      report.fail(...checkStatus(`${label} status`, step.expect.orderStatuses?.[index], order.orderStatus));
    });
  }

  /**
   * The Create Order body: a replay (`$same:`) without its own price re-sends the first request as
   * it was; otherwise the price is `price`, or the total of the named or an own inquiry.
   */
  private async orderRequest(
    step: Extract<ScenarioStep, { call: 'createOrder' }>,
  ): Promise<CreateOrderRequest> {
    const requestId = this.requestIdOf(step.requestId);
    const replayed =
      step.requestId.kind === 'same' ? this.records.get(step.requestId.step)?.request : undefined;
    if (replayed && step.price === undefined && step.inquiry === undefined) return replayed;
    const order = { requestId, productId: step.productId, destinationInfo: step.destination };
    if (step.price !== undefined) return { ...order, danaSellingPrice: money(step.price) };
    const inquiry = step.inquiry
      ? this.records.get(step.inquiry)?.inquiry
      : await inquiryResult(this.options.api, step.productId, step.destination);
    if (!inquiry || inquiry.inquiryStatus?.status !== 'SUCCESS' || !inquiry.totalAmount) {
      throw new SimError(
        `the inquiry for this order answered ${describeStatus(inquiry?.inquiryStatus)}; ` +
          'give the step a `price` to order without one',
      );
    }
    return {
      ...order,
      danaSellingPrice: inquiry.totalAmount,
      ...(inquiry.inquiryId ? { extendInfo: JSON.stringify({ inquiryId: inquiry.inquiryId }) } : {}),
    };
  }

  private requestIdOf(ref: RequestIdRef): string {
    switch (ref.kind) {
      case 'new':
        return this.options.newRequestId();
      case 'literal':
        return ref.value;
      case 'same': {
        const requestId = this.records.get(ref.step)?.requestId;
        if (!requestId)
          throw new SimError(`step "${ref.step}" has no requestId (it did not get to Create Order)`);
        return requestId;
      }
    }
  }

  /** An idempotent replay: the same order, and once final, the same final answer. */
  private sameOrder(stepName: string, order: DanaOrder): string[] {
    const first = this.records.get(stepName);
    if (!first?.order) return [`step "${stepName}" has no order to compare with`];
    const problems = checkEqual(`orderId (as in "${stepName}")`, first.order.orderId, order.orderId);
    const final = first.final;
    if (final && 'orderId' in final) {
      problems.push(
        ...checkEqual(`orderStatus (as "${stepName}" ended)`, final.orderStatus.code, order.orderStatus.code),
        ...checkEqual(`serialNumber (as "${stepName}" ended)`, final.serialNumber, order.serialNumber),
      );
    }
    return problems;
  }

  private patience(step: ScenarioStep) {
    return { timeoutMs: step.timeoutMs, pollMs: this.options.pollMs };
  }
}

function money(minor: string): MoneyWire {
  return { value: minor, currency: 'IDR' };
}
