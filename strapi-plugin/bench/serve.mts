/**
 * One Strapi for the bench (a child process: Strapi is one per process). With `--plugin` it runs with
 * Likeness configured from LIKENESS_URL / LIKENESS_KEY. Prints `READY <port> <apiToken>` when listening.
 */
import { StrapiApp } from '../test/support/strapi';

const withPlugin = process.argv.includes('--plugin');
const app = await StrapiApp.boot(withPlugin ? 'bench-plugin' : 'bench-plain', { plugin: withPlugin });
if (withPlugin) {
  await app.plugin('settings').set({ serverUrl: process.env.LIKENESS_URL, apiKey: process.env.LIKENESS_KEY, channel: 'web', unlinked: 'show' });
  await app.plugin('connection').start();
}
console.log(`READY ${app.port} ${app.apiToken}`);
process.on('SIGTERM', () => {
  void app.stop().finally(() => process.exit(0));
});
