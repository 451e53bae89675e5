/** Writes the manifest for one server: `npm run manifest -w @likeness/office-addin -- https://likeness.example.se [channel]`. */
import { renderManifest } from '../src/manifest/manifest';

const [serverUrl, channel] = process.argv.slice(2);
if (!serverUrl) {
  console.error('Usage: npm run manifest -w @likeness/office-addin -- <server URL> [channel] > manifest.xml');
  process.exit(2);
}
process.stdout.write(renderManifest({ serverUrl, ...(channel ? { channel } : {}) }));
