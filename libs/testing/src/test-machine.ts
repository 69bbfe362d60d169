/*
 * What the tests use outside the repository, read from the environment with the defaults of a
 * development machine. `npm test` prepares both first (test/support/prepare-test-machine.sh: starts a
 * local PostgreSQL that is installed but down, finds or installs Chromium) and passes them on.
 */

/** PostgreSQL for the read-model tests: a database the tests may create schemas and roles in. */
export const TEST_POSTGRES_URL = process.env.KIOS_TEST_POSTGRES || 'postgres://postgres@127.0.0.1:5432/test';

/** The Chromium (or Chrome) binary playwright-core drives in the browser test. */
export const TEST_CHROMIUM = process.env.KIOS_TEST_CHROMIUM || '/usr/bin/chromium';
