import { Logger } from '@nestjs/common';
import fc from 'fast-check';
import { isFinal } from '@kios/ordering';
import { SCRIPTED_ANSWERS, type ScriptedAnswer } from '@kios/testing';
import { routedOrderingFixture } from './routed-ordering.fixture';

beforeAll(() => Logger.overrideLogger(false));
afterAll(() => Logger.overrideLogger(['log', 'error', 'warn']));

/**
 * The failover rule under random supplier behaviour (docs/architecture.md §4 step 4, failover): the
 * real decider, Create Order, follow-up and RoutedSupplier, over scripted suppliers each answering
 * every new reference from a random script (success, a final failure, a refused connection, pending
 * then final, a timeout then a late success or failure, a request lost on the way), with DANA
 * repeating Create Order at random between follow-up steps. What the suppliers' books hold is the
 * truth: kios never has two references that can both succeed, and never ends FAILED where a supplier
 * sold (or may still sell), nor SUCCESS with another reference than the one sold.
 */
const answer = fc.constantFrom(...SCRIPTED_ANSWERS);
const finalAnswer = fc.constantFrom<ScriptedAnswer>('success', 'failure');
const script = fc.array(answer, { maxLength: 4 });
const step = fc.constantFrom<'follow_up' | 'dana_asks_again'>('follow_up', 'follow_up', 'dana_asks_again');

function scenario(suppliers: string[]) {
  return fc.record({
    scripts: fc.tuple(...suppliers.map(() => script)),
    afterScripts: fc.tuple(...suppliers.map(() => finalAnswer)),
    steps: fc.array(step, { minLength: 30, maxLength: 40 }),
  });
}

async function runScenario(
  suppliers: string[],
  {
    scripts,
    afterScripts,
    steps,
  }: { scripts: ScriptedAnswer[][]; afterScripts: ScriptedAnswer[]; steps: string[] },
) {
  const kios = await routedOrderingFixture(
    Object.fromEntries(suppliers.map((name, index) => [name, scripts[index]])),
    {
      afterScripts: Object.fromEntries(suppliers.map((name, index) => [name, afterScripts[index]])),
    },
  );
  const answers = [await kios.createOrder('REQ-P')];
  for (const next of steps) {
    if (next === 'dana_asks_again') answers.push(await kios.createOrder('REQ-P'));
    else await kios.followUp('REQ-P');
    assertNeverTwoLiveReferences(kios.openOrSoldRefs());
  }
  const state = await kios.state('REQ-P');
  const sold = kios.soldRefs();
  const open = kios.openOrSoldRefs();
  // Finite scripts that end in a final answer leave nothing open after this many steps.
  expect(isFinal(state)).toBe(true);
  if (state.status === 'succeeded') {
    expect(sold).toHaveLength(1);
    const [supplier, ref] = sold[0].split(':');
    expect(state.receipt.serialNumber).toBe(`${supplier}-${ref}`);
    expect(state.fulfilment.supplierRef).toBe(ref);
  } else {
    expect(open).toEqual([]);
  }
  // DANA is never told SUCCESS then FAILED or the other way round.
  const finals = new Set(answers.map((view) => view.status).filter((status) => status !== 'PENDING'));
  expect(finals.size).toBeLessThanOrEqual(1);
  if (finals.size === 1) expect([...finals][0]).toBe(state.status === 'succeeded' ? 'SUCCESS' : 'FAILED');
}

function assertNeverTwoLiveReferences(open: string[]): void {
  expect(open.length).toBeLessThanOrEqual(1);
}

describe('failover never buys twice (property)', () => {
  it.each([[['a', 'b']], [['a', 'b', 'c']]])('over the route %j', async (suppliers) => {
    await fc.assert(
      fc.asyncProperty(scenario(suppliers), (drawn) => runScenario(suppliers, drawn)),
      { numRuns: 150 },
    );
  });
});
