const path = require('node:path');

module.exports = ({ env }) => ({
  likeness: {
    enabled: env.bool('LIKENESS_PLUGIN', true),
    resolve: env('LIKENESS_PLUGIN_DIR', path.resolve(__dirname, '../../..')),
    config: { encryptionKey: env('LIKENESS_ENCRYPTION_KEY', 'test-encryption-key-for-likeness'), leaseCapMs: env.int('LIKENESS_LEASE_CAP_MS', 900000) },
  },
});
