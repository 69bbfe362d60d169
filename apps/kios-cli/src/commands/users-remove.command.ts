import { AdminUsers, kiosProjections } from '@kios/projections';
import { type CliContext, CliError } from '../cli-context';
import { parseCommandArgs } from '../command-args';

export const usersRemoveUsage = `kios-cli users remove <name>

  Removes a user. Their sessions stop at their next request: kios checks the user on every one.

  example: kios-cli users remove siti`;

export async function usersRemove(args: string[], context: CliContext): Promise<void> {
  const { positionals } = parseCommandArgs(args, {}, usersRemoveUsage);
  if (positionals.length !== 1) throw new CliError(`expected one user name\n\n${usersRemoveUsage}`);
  const [name] = positionals;
  const users = new AdminUsers(await context.readModel(kiosProjections));
  if (!(await users.remove(name))) throw new CliError(`no user named ${name}`);
  context.print(`user ${name} removed; their sessions end at their next request`);
}
