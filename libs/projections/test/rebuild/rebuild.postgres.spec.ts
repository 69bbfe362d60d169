import { postgresTarget } from '../read-model.targets';
import { rebuildContract } from './rebuild.contract';

rebuildContract(postgresTarget);
