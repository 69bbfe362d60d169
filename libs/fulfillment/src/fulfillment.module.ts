import { type DynamicModule, Inject, Logger, Module, type OnApplicationShutdown } from '@nestjs/common';
import { CLOCK, type Clock, idr } from '@kios/dana-protocol';
import { DigiflazzAccount } from './digiflazz/digiflazz-account';
import { DigiflazzSupplier } from './digiflazz/digiflazz.supplier';
import { digiflazzMaxPriceFromOffers, digiflazzSkuFromOffers } from './digiflazz/digiflazz-offers';
import { IakAccount } from './iak/iak-account';
import { iakProductCodeFromOffers } from './iak/iak-offers';
import { IakSupplier } from './iak/iak.supplier';
import { JsonLinesPurchaseLog } from './simulator/simulated-purchase-log';
import { SimulatorSupplier } from './simulator/simulator.supplier';
import { RoutedSupplier, type RoutedMember } from './routing/routed.supplier';
import type { HealthSettings } from './routing/supplier-health';
import { NO_ROUTING, SUPPLIER_ROUTER, type SupplierRouter } from './routing/supplier-router';
import { SUPPLIER_ACCOUNT, type SupplierAccount } from './supplier-account';
import { SUPPLIER, type Supplier } from './supplier.port';

/** Which supplier adapter kios buys from (docs/architecture.md §6 `KIOS_SUPPLIER`), and its settings. */
export type SupplierSettings = SingleSupplierSettings | RoutedSettings;

/**
 * `KIOS_SUPPLIER=routed`: several suppliers by the catalog's offers (libs/fulfillment/src/routing).
 * Each member is named by its kind, the name catalog offers give it (`digiflazz`, `iak`, `simulator`).
 */
export type RoutedSettings = {
  kind: 'routed';
  members: SingleSupplierSettings[];
  health: HealthSettings;
  /** KIOS_SUPPLIER_PROBE_MS */
  probeMs: number;
  /** KIOS_MIN_MARGIN, minor units. */
  minMargin: bigint;
  /** KIOS_<SUPPLIER>_MIN_BALANCE by member name, minor units. */
  minBalances: Partial<Record<string, bigint>>;
};

/** One supplier adapter. */
export type SingleSupplierSettings =
  | {
      kind: 'simulator';
      /** How long a `…992`/`…993` purchase stays pending (KIOS_SIM_DELAY_MS). */
      delayMs: number;
      /** The simulator's memory of what it sold (see JsonLinesPurchaseLog). */
      purchasesFile: string;
    }
  | {
      kind: 'digiflazz';
      /** KIOS_DIGIFLAZZ_URL */
      baseUrl: string;
      username: string;
      /** A secret: signs requests, in no log line or message. */
      key: string;
      /** KIOS_DIGIFLAZZ_TESTING=on */
      testing: boolean;
      /** KIOS_DIGIFLAZZ_TIMEOUT_MS */
      timeoutMs: number;
      /** KIOS_DIGIFLAZZ_STATUS_INTERVAL_MS */
      statusCheckMinIntervalMs: number;
      /** How long a price list is kept (KIOS_SUPPLIER_SYNC_INTERVAL, so each sync reads a new one); 15 min by default. */
      priceListTtlMs?: number;
    }
  | {
      kind: 'iak';
      /** KIOS_IAK_URL */
      baseUrl: string;
      username: string;
      /** A secret: signs requests, in no log line or message. */
      apiKey: string;
      /** KIOS_IAK_TIMEOUT_MS */
      timeoutMs: number;
    };

export interface FulfillmentModuleOptions {
  inject?: (string | symbol | (abstract new (...args: never[]) => unknown))[];
  useFactory: (...args: never[]) => SupplierSettings;
}

const SUPPLIER_SETTINGS = Symbol('SUPPLIER_SETTINGS');
/** The adapter as opened, before SUPPLIER_DECORATOR: the router is read from it. */
const OPENED_SUPPLIER = Symbol('OPENED_SUPPLIER');

/**
 * Optional, provided by the app: wraps the adapter (with metrics, say) before anyone is given it.
 * It must keep the adapter's other members: FulfillmentModule still closes it.
 */
export const SUPPLIER_DECORATOR = Symbol('SUPPLIER_DECORATOR');
export type SupplierDecorator = <S extends Supplier>(supplier: S) => S;

type ClosableSupplier = Supplier & { close(): void };

/** The adapter the settings name (kios-cli opens one too, for `suppliers sync`). */
export function openSupplier(settings: SupplierSettings, clock: Clock): ClosableSupplier {
  switch (settings.kind) {
    case 'routed':
      return openRouted(settings, clock);
    case 'simulator':
      return new SimulatorSupplier({
        clock,
        delayMs: settings.delayMs,
        purchaseLog: new JsonLinesPurchaseLog(settings.purchasesFile),
      });
    case 'digiflazz':
      // The catalog says what to buy: the product's first Digiflazz offer (sku, maxCost as max_price).
      // A product with none fails at purchase ("not sent: no Digiflazz sku"), never in doubt.
      return new DigiflazzSupplier({
        baseUrl: settings.baseUrl,
        username: settings.username,
        key: settings.key,
        testing: settings.testing,
        timeoutMs: settings.timeoutMs,
        statusCheckMinIntervalMs: settings.statusCheckMinIntervalMs,
        ...(settings.priceListTtlMs === undefined ? {} : { priceListTtlMs: settings.priceListTtlMs }),
        skuFor: digiflazzSkuFromOffers,
        maxPriceFor: digiflazzMaxPriceFromOffers,
        now: () => clock.now(),
      });
    case 'iak':
      // The catalog says what to buy: the product's first IAK offer's sku, IAK's product_code.
      return new IakSupplier({
        baseUrl: settings.baseUrl,
        username: settings.username,
        apiKey: settings.apiKey,
        timeoutMs: settings.timeoutMs,
        productCodeFor: iakProductCodeFromOffers,
        now: () => clock.now(),
      });
  }
}

/**
 * The routed supplier over every member the settings name, each opened as it would be alone. It
 * probes its unhealthy members every probeMs until closed.
 */
function openRouted(settings: RoutedSettings, clock: Clock): RoutedSupplier {
  const logger = new Logger('SupplierRouting');
  const members = settings.members.map((member): RoutedMember => {
    const supplier = openSupplier(member, clock);
    const account = supplierAccountOf(member, supplier);
    const minBalance = settings.minBalances[member.kind];
    return {
      name: member.kind,
      supplier,
      ...(account ? { account } : {}),
      ...(minBalance === undefined ? {} : { minBalance: idr(minBalance) }),
    };
  });
  const routed = new RoutedSupplier({
    members,
    health: settings.health,
    minMargin: settings.minMargin,
    ...(members.some((member) => member.name === 'simulator') ? { offerless: 'simulator' } : {}),
    now: () => clock.now(),
    onHealthChange: (supplier, verdict) =>
      verdict.healthy
        ? logger.log(`supplier ${supplier} is healthy again: routed to once more`)
        : logger.warn(
            `supplier ${supplier} is unhealthy, left out of routing until a probe answers: ${verdict.reason}`,
          ),
  });
  routed.startProbing(settings.probeMs);
  return routed;
}

/** The account kios reads price lists and its deposit from at the supplier `supplier` was opened for; none for the simulator. */
export function supplierAccountOf(settings: SupplierSettings, supplier: Supplier): SupplierAccount | null {
  // Routed, the sync reads every member's list in turn, through the router so it routes by their prices.
  if (settings.kind === 'routed') return (supplier as unknown as RoutedSupplier).syncAccount() ?? null;
  if (settings.kind === 'iak') return new IakAccount(supplier as IakSupplier);
  return settings.kind === 'digiflazz' ? new DigiflazzAccount(supplier as DigiflazzSupplier) : null;
}

/**
 * Provides `SUPPLIER`, the adapter the settings name, and `SUPPLIER_ACCOUNT` (its price list and
 * deposit, or null). Global: one supplier per process, which ordering buys from and the supplier
 * sync reads.
 */
@Module({})
export class FulfillmentModule implements OnApplicationShutdown {
  constructor(@Inject(SUPPLIER) private readonly supplier: ClosableSupplier) {}

  static forRootAsync(options: FulfillmentModuleOptions): DynamicModule {
    return {
      module: FulfillmentModule,
      global: true,
      providers: [
        { provide: SUPPLIER_SETTINGS, inject: options.inject ?? [], useFactory: options.useFactory },
        {
          provide: OPENED_SUPPLIER,
          inject: [SUPPLIER_SETTINGS, CLOCK],
          useFactory: openSupplier,
        },
        {
          provide: SUPPLIER,
          inject: [OPENED_SUPPLIER, { token: SUPPLIER_DECORATOR, optional: true }],
          useFactory: (supplier: ClosableSupplier, decorate?: SupplierDecorator) =>
            decorate ? decorate(supplier) : supplier,
        },
        {
          provide: SUPPLIER_ROUTER,
          inject: [OPENED_SUPPLIER],
          useFactory: (supplier: ClosableSupplier): SupplierRouter =>
            supplier instanceof RoutedSupplier ? supplier : NO_ROUTING,
        },
        {
          provide: SUPPLIER_ACCOUNT,
          inject: [SUPPLIER_SETTINGS, OPENED_SUPPLIER],
          useFactory: supplierAccountOf,
        },
      ],
      exports: [SUPPLIER, SUPPLIER_ACCOUNT, SUPPLIER_ROUTER],
    };
  }

  onApplicationShutdown(): void {
    this.supplier.close();
  }
}
