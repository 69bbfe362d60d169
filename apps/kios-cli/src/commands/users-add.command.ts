import {
  AdminUserRefused,
  AdminUsers,
  hashPassword,
  kiosProjections,
  parseAdminRole,
  passwordProblem,
  userNameProblem,
} from '@kios/projections';
import { type CliContext, CliError } from '../cli-context';
import { parseCommandArgs } from '../command-args';
import { readFirstLine } from '../read-line';

export const usersAddUsage = `kios-cli users add <name> --role auditor|admin

  Adds a person who signs in to the admin pages (/admin/sign-in). The password is read from
  standard input, one line (at least 12 characters), never from the command line. auditor: reads
  histories, timelines, verify, exports; admin: also rebuilds projections, retries callbacks and
  settles orders. Users live in the read-model database (KIOS_READ_MODEL), shared by every replica.

  example: printf '%s\\n' "$PASSWORD" | kios-cli users add siti --role auditor`;

export async function usersAdd(args: string[], context: CliContext): Promise<void> {
  const { values, positionals } = parseCommandArgs(args, { role: { type: 'string' } }, usersAddUsage);
  if (positionals.length !== 1) throw new CliError(`expected one user name\n\n${usersAddUsage}`);
  const [name] = positionals;
  const nameProblem = userNameProblem(name);
  if (nameProblem) throw new CliError(nameProblem);
  if (values.role === undefined) throw new CliError(`--role auditor|admin is required\n\n${usersAddUsage}`);
  try {
    const role = parseAdminRole(values.role);
    const password = await readFirstLine(context.input);
    const problem = passwordProblem(password);
    if (problem) throw new CliError(`${problem} (read from standard input, one line)`);
    const users = new AdminUsers(await context.readModel(kiosProjections));
    await users.add({
      name,
      role,
      passwordHash: await hashPassword(password),
      createdAt: context.clock.now(),
    });
    context.print(`user ${name} added as ${role}; they sign in at /admin/sign-in`);
  } catch (error) {
    if (error instanceof AdminUserRefused) throw new CliError(error.message);
    throw error;
  }
}
