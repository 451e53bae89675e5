import { OfficeMockObject } from 'office-addin-mock';

/**
 * office-addin-mock objects for the adapter tests. Scalars read before `load()` + `sync()` come back as the
 * mock's "not loaded"/"not synced" error strings, so an adapter that skips either returns wrong data and the
 * assertions fail. Collections hold mocks of their own: the context's sync reaches them too.
 */
export class MockWorld {
  readonly mocks: OfficeMockObject[] = [];
  readonly calls: { name: string; args: unknown[] }[] = [];

  mock<T = any>(data: Record<string, unknown>, host: 'word' | 'powerpoint'): T {
    const m = new OfficeMockObject(data, host as never);
    this.mocks.push(m);
    return m as T;
  }

  record(name: string, ...args: unknown[]): void {
    this.calls.push({ name, args });
  }

  callsOf(name: string): unknown[][] {
    return this.calls.filter((c) => c.name === name).map((c) => c.args);
  }

  /** A request context whose sync() is the mocks' sync. */
  context<T extends object>(root: T): T & { sync(): Promise<void> } {
    const ctx = root as T & { sync(): Promise<void> };
    ctx.sync = async () => {
      for (const m of this.mocks) await OfficeMockObject.prototype.sync.call(m);
    };
    return ctx;
  }
}

/** The global `Office` for a host: enums as plain objects (as the environment notes say), sets as given. */
export function installOffice(
  world: MockWorld,
  host: 'Word' | 'PowerPoint',
  sets: Record<string, string>,
  settingsStore: Map<string, unknown> = new Map(),
): void {
  const office = world.mock(
    {
      context: {
        requirements: {
          isSetSupported: (name: string, version: string) => sets[name] !== undefined && compareVersions(sets[name], version) >= 0,
        },
        document: {
          setSelectedDataAsync(data: string, options: unknown, callback: (r: unknown) => void) {
            world.record('setSelectedDataAsync', data, options);
            const failure = (globalThis as { failNextInsert?: string }).failNextInsert;
            delete (globalThis as { failNextInsert?: string }).failNextInsert;
            callback(failure ? { status: 'failed', error: { message: failure } } : { status: 'succeeded' });
          },
        },
      },
    },
    host === 'Word' ? 'word' : 'powerpoint',
  );
  // Plain values outside the load/sync model.
  Object.assign(office, {
    HostType: { Word: 'Word', PowerPoint: 'PowerPoint' },
    CoercionType: { Image: 'image' },
    AsyncResultStatus: { Succeeded: 'succeeded', Failed: 'failed' },
  });
  Object.assign(office.context, { host, displayLanguage: 'sv-SE' });
  Object.assign(office.context.document, {
    settings: {
      get: (key: string) => settingsStore.get(key) ?? null,
      set: (key: string, value: unknown) => settingsStore.set(key, structuredClone(value)),
      saveAsync: (callback: (r: unknown) => void) => {
        world.record('settings.saveAsync');
        callback({ status: 'succeeded' });
      },
    },
  });
  (globalThis as Record<string, unknown>).Office = office;
}

/** Requirement-set versions compare per component: 1.10 is newer than 1.5. */
function compareVersions(a: string, b: string): number {
  const x = a.split('.').map(Number);
  const y = b.split('.').map(Number);
  for (let i = 0; i < Math.max(x.length, y.length); i++) {
    const d = (x[i] ?? 0) - (y[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}
