import { type DynamicModule, Global, Module } from '@nestjs/common';
import { CLOCK, type Clock, systemClock } from '@kios/dana-protocol';
import { KIOS_CONFIG, type KiosConfig } from './kios-config';

/** Provides the validated configuration and the clock to every module. */
@Global()
@Module({})
export class KiosConfigModule {
  static forRoot(config: KiosConfig, clock: Clock = systemClock): DynamicModule {
    return {
      module: KiosConfigModule,
      providers: [
        { provide: KIOS_CONFIG, useValue: config },
        { provide: CLOCK, useValue: clock },
      ],
      exports: [KIOS_CONFIG, CLOCK],
    };
  }
}
