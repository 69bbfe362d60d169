import pino, { type DestinationStream, type Logger, type LevelWithSilent } from 'pino';
import { prettyFactory } from 'pino-pretty';
import { maskLogLine } from './log-masking';

export type LogFormat = 'auto' | 'json' | 'pretty';

export interface KiosLoggerSettings {
  logLevel: LevelWithSilent;
  logFormat: LogFormat;
}

export interface LogOutput {
  write(text: string): unknown;
  isTTY?: boolean;
}

/** Synchronous stdout: a line logged just before `process.exit` or a crash is not lost. */
function standardOutput(): LogOutput {
  return Object.assign(pino.destination({ dest: 1, sync: true }), { isTTY: process.stdout.isTTY });
}

/**
 * Every line goes through the masking before it is written, whatever wrote it; `pretty` formats
 * the masked JSON for people, `json` writes it as is for log shippers.
 */
function maskingDestination(format: LogFormat, output: LogOutput): DestinationStream {
  const pretty = format === 'pretty' || (format === 'auto' && output.isTTY === true);
  const render = pretty
    ? prettyFactory({
        colorize: output.isTTY === true,
        singleLine: true,
        ignore: 'pid,hostname,context',
        messageFormat: '{if context}[{context}] {end}{msg}',
        translateTime: 'SYS:HH:MM:ss.l',
      })
    : (line: string) => line;
  return { write: (line: string) => void output.write(render(maskLogLine(line))) };
}

/** The process's one root logger; Nest's and pino-http's loggers are children of it. */
export function createKiosLogger(settings: KiosLoggerSettings, output: LogOutput = standardOutput()): Logger {
  return pino(
    { level: settings.logLevel, timestamp: pino.stdTimeFunctions.isoTime },
    maskingDestination(settings.logFormat, output),
  );
}
