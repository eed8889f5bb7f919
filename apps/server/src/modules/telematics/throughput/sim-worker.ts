// The simulator in its own thread, so trucks and gateway do not share one event loop.
import { parentPort, workerData } from 'node:worker_threads';
import { runSimulation, type SimulationOptions } from '@citygov/vehicle-sim';

const options = workerData as Partial<SimulationOptions> &
  Pick<SimulationOptions, 'trucks' | 'host' | 'port'>;
const result = await runSimulation(options);
parentPort!.postMessage(result);
