import type { Core } from '@strapi/strapi';
import { message, plugin } from './services/util';

const ACTIONS = [
  { section: 'plugins', displayName: 'Read settings', uid: 'settings.read', subCategory: 'settings', pluginName: 'likeness' },
  { section: 'plugins', displayName: 'Edit settings', uid: 'settings.update', subCategory: 'settings', pluginName: 'likeness' },
  { section: 'plugins', displayName: 'See GDPR status of images', uid: 'read', subCategory: 'media', pluginName: 'likeness' },
  { section: 'plugins', displayName: 'Import and link Likeness images', uid: 'import', subCategory: 'media', pluginName: 'likeness' },
];

export default async ({ strapi }: { strapi: Core.Strapi }) => {
  await strapi.service('admin::permission').actionProvider.registerMany(ACTIONS);
  plugin(strapi, 'uploads').subscribeLifecycles();
  await plugin(strapi, 'links').load();
  try {
    await plugin(strapi, 'connection').start();
  } catch (err) {
    // Never keep Strapi from starting: every linked image stays hidden until Likeness answers.
    strapi.log.error(`[likeness] could not connect: ${message(err)}`);
  }
  plugin(strapi, 'publication').startRetries();
  void plugin(strapi, 'publication').flush();
};
