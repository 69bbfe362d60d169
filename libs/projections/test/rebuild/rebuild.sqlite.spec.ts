import { sqliteTarget } from '../read-model.targets';
import { rebuildContract } from './rebuild.contract';

rebuildContract(sqliteTarget);
