import { loadConfig } from './kernel/config';
import { startServer } from './server';

const config = loadConfig();
const server = await startServer(config).catch((err: Error) => {
  console.error(`Likeness could not start: ${err.message}`);
  process.exit(1);
});

const login = server.bootstrap.login;
console.log(`
  Likeness is running on ${server.url}
  Dashboard:  ${server.url}/admin
  API docs:   ${server.url}/api/v1/docs
  Database:   ${config.dbProvider === 'sqlite' ? config.databaseUrl.replace(/^file:/, '') : 'PostgreSQL'}
${login ? `  Log in as:  ${login.email} / ${login.password}   (POST ${server.url}/api/v1/auth/login)\n` : ''}`);

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    server.logger.info({ signal }, 'shutting down');
    server.close().then(() => process.exit(0));
  });
}
