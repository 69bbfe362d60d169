/** Matches Nest's Logger, so the app can pass one in. */
export interface ProjectionLogger {
  log(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

/** Where a runner logs when it is given no logger. */
export const consoleProjectionLogger: ProjectionLogger = {
  log: (message) => console.log(message),
  warn: (message) => console.warn(message),
  error: (message) => console.error(message),
};
