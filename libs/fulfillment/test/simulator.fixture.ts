import { FixedClock } from '@kios/dana-protocol';
import { SimulatorSupplier, type SimulatorSupplierOptions } from '@kios/fulfillment';

export const T0 = new Date('2025-01-15T03:00:00.000Z'); // 10:00 in Jakarta
export const DELAY_MS = 3000;

export function simulator(options: Partial<SimulatorSupplierOptions> = {}) {
  const clock = new FixedClock(T0);
  const supplier = new SimulatorSupplier({ clock, delayMs: DELAY_MS, latencyMs: 0, ...options });
  return { clock, supplier };
}
