// A load fleet in its own process, driven over the IPC channel by a benchmark (fork()), so the
// terminals and the platform never share an event loop and each one's CPU can be read apart.
// Requests: { id, op, ...args }; answers: { id, result } or { id, error }.
import { LoadFleet, type LoadFleetOptions, type ReportingOptions } from './load-fleet.ts';

export type LoadRequest =
  | { op: 'init'; fleet: LoadFleetOptions }
  | { op: 'connect'; timeoutMs: number }
  | { op: 'report'; reporting: ReportingOptions }
  | { op: 'snapshot' }
  | { op: 'stop'; drainMs: number }
  | { op: 'keepAlive'; quietSeconds: number }
  | { op: 'close' };

if (process.send === undefined) {
  console.error('load-child.ts runs under fork() from a benchmark');
  process.exit(2);
}

let fleet: LoadFleet | null = null;

const need = () => {
  if (fleet === null) throw new Error('init first');
  return fleet;
};

async function handle(request: LoadRequest): Promise<unknown> {
  switch (request.op) {
    case 'init':
      fleet = new LoadFleet(request.fleet);
      return fleet.size;
    case 'connect':
      return need().connect(request.timeoutMs);
    case 'report':
      need().startReporting(request.reporting);
      return null;
    case 'snapshot':
      return need().snapshot();
    case 'stop':
      need().stopReporting();
      await need().drain(request.drainMs);
      return need().snapshot();
    case 'keepAlive':
      need().keepAlive(request.quietSeconds);
      return null;
    case 'close':
      fleet?.close();
      setTimeout(() => process.exit(0), 200).unref();
      return null;
  }
}

process.on('message', (message: LoadRequest & { id: number }) => {
  handle(message).then(
    (result) => process.send!({ id: message.id, result }),
    (error: unknown) => process.send!({ id: message.id, error: String(error) }),
  );
});
