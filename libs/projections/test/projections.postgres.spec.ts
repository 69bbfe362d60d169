import { readModelContract } from './read-model.contract';
import { postgresTarget } from './read-model.targets';

readModelContract(postgresTarget);
