const can = (...actions: string[]) => [{ name: 'admin::hasPermissions', config: { actions: actions.map((a) => `plugin::likeness.${a}`) } }];

const admin = {
  type: 'admin',
  routes: [
    { method: 'GET', path: '/settings', handler: 'settings.get', config: { policies: can('settings.read') } },
    { method: 'PUT', path: '/settings', handler: 'settings.update', config: { policies: can('settings.update') } },
    { method: 'POST', path: '/settings/test', handler: 'settings.test', config: { policies: can('settings.update') } },
    { method: 'GET', path: '/status/files', handler: 'status.files', config: { policies: can('read') } },
    { method: 'GET', path: '/status/entry', handler: 'status.entry', config: { policies: can('read') } },
    { method: 'POST', path: '/status/check', handler: 'status.check', config: { policies: can('read') } },
    { method: 'GET', path: '/library', handler: 'library.list', config: { policies: [...can('read'), 'plugin::likeness.configured'] } },
    { method: 'GET', path: '/library/:assetId/thumbnail', handler: 'library.thumbnail', config: { policies: [...can('read'), 'plugin::likeness.configured'] } },
    { method: 'POST', path: '/library/import', handler: 'library.import', config: { policies: [...can('import'), 'plugin::likeness.configured'] } },
    { method: 'GET', path: '/link-job', handler: 'library.linkJobStatus', config: { policies: can('import') } },
    { method: 'POST', path: '/link-job', handler: 'library.linkJobStart', config: { policies: [...can('import'), 'plugin::likeness.configured'] } },
  ],
};

const contentApi = {
  type: 'content-api',
  routes: [
    {
      method: 'POST',
      path: '/webhook',
      handler: 'webhook.receive',
      // Likeness signs every delivery (HMAC over the raw body); there is no Strapi user behind it.
      config: { auth: false, middlewares: ['plugin::likeness.webhook-body'] },
    },
  ],
};

export default { admin, 'content-api': contentApi };
