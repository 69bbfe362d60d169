/** Injection token of the process's root pino logger (createKiosLogger). */
export const ROOT_LOGGER = Symbol('ROOT_LOGGER');
