import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { ConfigError } from './config/config.schema';
import { loadKiosConfig } from './config/kios-config';
import { startKios } from './start-kios';

const EX_CONFIG = 78;

async function main(): Promise<void> {
  const logger = new Logger('kios');
  try {
    await startKios(loadKiosConfig(process.env));
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    logger.error(`kios cannot start: ${reason}`);
    process.exit(error instanceof ConfigError ? EX_CONFIG : 1);
  }
}

void main();
