import path from 'node:path';
import { defineConfig } from 'prisma/config';
import { databaseUrl, providerOf } from './src/kernel/database-url';
import { cliAdapterFactory } from './prisma/cli-adapter';

// One schema folder per provider, chosen by DATABASE_URL (see ARCHITECTURE.md, "Persistence").
const url = databaseUrl();
const folder = path.join('prisma', providerOf(url));

export default defineConfig({
  experimental: { adapter: true },
  engine: 'js',
  schema: folder,
  migrations: { path: path.join(folder, 'migrations') },
  adapter: async () => cliAdapterFactory(url) as never,
});
