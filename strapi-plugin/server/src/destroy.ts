import type { Core } from '@strapi/strapi';
import { plugin } from './services/util';

export default ({ strapi }: { strapi: Core.Strapi }) => {
  plugin(strapi, 'publication').stopRetries();
  plugin(strapi, 'connection').stop();
};
