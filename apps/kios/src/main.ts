import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { ConfigError } from './config/config.schema';
import { loadKiosConfig } from './config/kios-config';
import { startKios } from './start-kios';

async function main(): Promise<void> {
  const logger = new Logger('kios');
  let config;
  try {
    config = loadKiosConfig(process.env);
  } catch (error) {
    if (error instanceof ConfigError) {
      logger.error(`kios cannot start: ${error.message}`);
      process.exit(78); // EX_CONFIG
    }
    throw error;
  }
  await startKios(config);
}

void main();
