import { readModelContract } from './read-model.contract';
import { sqliteTarget } from './read-model.targets';

readModelContract(sqliteTarget);
