// Worker bootstrap: registers tsx's loader inside the worker thread, then loads the TypeScript worker.
// (On Node 20, `execArgv: ['--import', 'tsx']` does not apply the loader to a worker's main module;
// registering it from a plain JS entry works under `npm start`, vitest and the benches alike.)
import { register } from 'tsx/esm/api';

register();
await import('./face.worker.ts');
