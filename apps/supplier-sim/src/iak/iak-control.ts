import { InvalidControl, ModeState, parseControl, type Modes } from '../control/modes';
import { isIakRc, type IakRc } from './iak-codes';

/**
 * How IAK's side of supplier-sim misbehaves, apart from Digiflazz's: `POST /_control/mode` with
 * `{"iak": {...}}`. The same modes as Digiflazz's (answerDelayMs, http5xx, garbage, lateSuccess,
 * webhook for its callbacks), each counted on IAK's calls only, plus:
 * - refuse: the next top-ups answer this IAK rc (`{"count": 1, "rc": "102"}`)
 * - down: IAK's API does not answer at all: its own listener (`iakPort`) closes, so connections are
 *   refused; on the shared port the connection is closed before the call is read (nothing carried out)
 * - prices: IAK's price of a product_code in whole rupiah, where it differs from the seed's
 */
export interface IakControlState {
  modes: ModeState;
  refuse: { count: number; rc: IakRc };
  down: boolean;
  prices: Record<string, number>;
}

export const calmIakControl = (): IakControlState => ({
  modes: new ModeState(),
  refuse: { count: 0, rc: '102' },
  down: false,
  prices: {},
});

export interface IakControlChange {
  modes: Partial<Modes>;
  refuse?: { count: number; rc: IakRc };
  down?: boolean;
  prices?: Record<string, number>;
}

const IAK_ONLY = new Set(['refuse', 'down', 'prices']);
const NOT_FOR_IAK = new Set(['products', 'deposit']);

/** Reads the `iak` part of a control body; throws InvalidControl naming what is wrong. */
export function parseIakControl(value: unknown, current: IakControlState): IakControlChange {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new InvalidControl('iak must be an object');
  }
  const body = value as Record<string, unknown>;
  const shared = Object.fromEntries(Object.entries(body).filter(([key]) => !IAK_ONLY.has(key)));
  const wrong = Object.keys(shared).filter((key) => NOT_FOR_IAK.has(key));
  if (wrong.length > 0) {
    throw new InvalidControl(`iak.${wrong[0]}: the deposit and products are shared; set them outside "iak"`);
  }
  const change: IakControlChange = { modes: parseControl(shared, current.modes.modes).modes };
  if (body.refuse !== undefined) {
    const refuse =
      typeof body.refuse === 'number' ? { count: body.refuse } : (body.refuse as Record<string, unknown>);
    const count = refuse?.count ?? 1;
    const rc = refuse?.rc ?? current.refuse.rc;
    if (!Number.isInteger(count) || (count as number) < 0) {
      throw new InvalidControl(`iak.refuse.count must be a whole number of at least 0`);
    }
    if (!isIakRc(rc))
      throw new InvalidControl(`iak.refuse.rc must be an IAK rc such as "102", got ${JSON.stringify(rc)}`);
    change.refuse = { count: count as number, rc };
  }
  if (body.down !== undefined) {
    if (typeof body.down !== 'boolean') throw new InvalidControl('iak.down must be true or false');
    change.down = body.down;
  }
  if (body.prices !== undefined) {
    const prices = body.prices as Record<string, unknown>;
    if (typeof prices !== 'object' || prices === null || Array.isArray(prices)) {
      throw new InvalidControl('iak.prices must be an object of product_code → whole rupiah');
    }
    for (const [sku, price] of Object.entries(prices)) {
      if (!Number.isInteger(price) || (price as number) < 0) {
        throw new InvalidControl(`iak.prices.${sku} must be a whole number of rupiah`);
      }
    }
    change.prices = prices as Record<string, number>;
  }
  return change;
}

export function applyIakControl(state: IakControlState, change: IakControlChange): void {
  state.modes.apply(change.modes);
  if (change.refuse) state.refuse = change.refuse;
  if (change.down !== undefined) state.down = change.down;
  if (change.prices) state.prices = { ...state.prices, ...change.prices };
}

/** What GET /_control/mode shows of IAK's side. */
export function describeIakControl(state: IakControlState): Record<string, unknown> {
  return { ...state.modes.modes, refuse: state.refuse, down: state.down, prices: state.prices };
}

export function resetIakControl(state: IakControlState): void {
  state.modes.reset();
  Object.assign(state, { ...calmIakControl(), modes: state.modes });
}

/** Uses up one `refuse`, when one is left. */
export function takeIakRefusal(state: IakControlState): IakRc | undefined {
  if (state.refuse.count <= 0) return undefined;
  state.refuse.count -= 1;
  return state.refuse.rc;
}
