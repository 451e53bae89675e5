/**
 * Driver adapters for the Prisma 6.19 CLI's WASM schema engine (engine: "js").
 * Only the CLI (migrate, generate) uses this module; the runtime client needs none of it.
 * Each workaround names the Prisma behaviour it exists for.
 */
import fs from 'node:fs';
import path from 'node:path';
import { PrismaBetterSQLite3 } from '@prisma/adapter-better-sqlite3';
import { PrismaPg } from '@prisma/adapter-pg';
import pg from 'pg';
import { providerOf, sqliteFilePath } from '../src/kernel/database-url';

type Factory = PrismaBetterSQLite3 | PrismaPg;
type Connected = Awaited<ReturnType<Factory['connect']>>;

/**
 * Workaround: the engine replays a whole migration file through executeRaw, and
 * better-sqlite3 refuses multi-statement SQL there. Parameterless SQL goes to executeScript.
 */
function sqliteScriptsAsScripts(adapter: Connected): Connected {
  const executeRaw = adapter.executeRaw.bind(adapter);
  adapter.executeRaw = async (query) => {
    if (query.args.length === 0) {
      await adapter.executeScript(query.sql);
      return 0;
    }
    return executeRaw(query);
  };
  return adapter;
}

/**
 * Workaround: adapter-pg 6.19.3 cannot deserialize catalog columns of type `name` (OID 19)
 * and `"char"` (OID 18) during introspection. Report them as text (OID 25); the values
 * are already plain strings.
 */
class CatalogTextClient extends pg.Client {
  // pg.Pool calls query(config, values, callback); the adapter also uses the promise form.
  override query(...args: unknown[]): never {
    const last = args.length - 1;
    const callback = args[last];
    if (typeof callback === 'function') {
      args[last] = (err: Error | null, res: pg.QueryResult) => callback(err, err ? res : textForCatalogTypes(res));
    }
    const result = (super.query as (...a: unknown[]) => unknown)(...args);
    return (result instanceof Promise ? result.then(textForCatalogTypes) : result) as never;
  }
}

function textForCatalogTypes(res: pg.QueryResult): pg.QueryResult {
  for (const field of res?.fields ?? []) {
    if (field.dataTypeID === 18 || field.dataTypeID === 19) field.dataTypeID = 25;
  }
  return res;
}

/** Workaround: the adapter's own shadow-database handling is broken; use a fixed, wiped one. */
async function wipedShadow(url: string): Promise<Connected> {
  const adapter = await new PrismaPg(new pg.Pool({ connectionString: url, Client: CatalogTextClient })).connect();
  await adapter.executeScript('DROP SCHEMA IF EXISTS public CASCADE; CREATE SCHEMA public;');
  return adapter;
}

export function cliAdapterFactory(url: string) {
  if (providerOf(url) === 'sqlite') {
    const file = sqliteFilePath(url);
    if (file !== ':memory:') fs.mkdirSync(path.dirname(file), { recursive: true });
    const factory = new PrismaBetterSQLite3({ url: file });
    const connect = factory.connect.bind(factory);
    factory.connect = async () => sqliteScriptsAsScripts(await connect());
    return factory;
  }
  const factory = new PrismaPg(new pg.Pool({ connectionString: url, Client: CatalogTextClient }));
  factory.connectToShadowDb = async () => {
    const shadow = process.env.SHADOW_DATABASE_URL;
    if (!shadow) throw new Error('Set SHADOW_DATABASE_URL to a disposable database for migrate dev.');
    return wipedShadow(shadow) as never;
  };
  return factory;
}
