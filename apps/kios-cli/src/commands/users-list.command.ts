import { formatDanaTime } from '@kios/dana-protocol';
import { AdminUsers, kiosProjections } from '@kios/projections';
import { type CliContext, CliError } from '../cli-context';
import { parseCommandArgs } from '../command-args';
import { table } from '../table';

export const usersListUsage = `kios-cli users list [--json]

  The users who sign in to the admin pages: name, role, when added (GMT+7). Never their password
  hashes.

  example: kios-cli users list`;

export async function usersList(args: string[], context: CliContext): Promise<void> {
  const { values, positionals } = parseCommandArgs(args, { json: { type: 'boolean' } }, usersListUsage);
  if (positionals.length > 0) throw new CliError(`unexpected ${positionals.join(' ')}\n\n${usersListUsage}`);
  const users = (await new AdminUsers(await context.readModel(kiosProjections)).list()).map((user) => ({
    ...user,
    createdAt: formatDanaTime(new Date(user.createdAt)),
  }));
  if (values.json) {
    context.print(JSON.stringify(users, null, 2));
    return;
  }
  if (users.length === 0) {
    context.print('no users: add one with kios-cli users add <name> --role auditor|admin');
    return;
  }
  const rows = users.map((user) => [user.name, user.role, user.createdAt]);
  for (const line of table([['NAME', 'ROLE', 'ADDED (GMT+7)'], ...rows])) context.print(line);
}
