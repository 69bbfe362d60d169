import { CreateTableMigration } from '../create-table.migration';
import { AdminUserRow } from './admin-user.row';
import { SignInFailureRow } from './sign-in-failure.row';

/** Creates `admin_user` as AdminUserRow declares it. */
export class CreateAdminUserTable1736900001000 extends CreateTableMigration {
  protected override readonly entity = AdminUserRow;
}

/** Creates `sign_in_failure` as SignInFailureRow declares it. */
export class CreateSignInFailureTable1736900001100 extends CreateTableMigration {
  protected override readonly entity = SignInFailureRow;
}
