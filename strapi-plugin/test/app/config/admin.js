module.exports = ({ env }) => ({
  auth: { secret: env('ADMIN_JWT_SECRET', 'likeness-test-admin-secret') },
  apiToken: { salt: env('API_TOKEN_SALT', 'likeness-test-api-token-salt') },
  transfer: { token: { salt: env('TRANSFER_TOKEN_SALT', 'likeness-test-transfer-salt') } },
  secrets: { encryptionKey: env('ENCRYPTION_KEY', 'likeness-test-encryption-key-32ch') },
  flags: { nps: false, promoteEE: false },
  autoOpen: false,
});
