import { createElement } from 'react';
import { PLUGIN_ID, t } from './pluginId';
import { BulkCheckBody } from './components/BulkCheck';
import { EntryPanelContent } from './components/EntryPanel';
import en from './translations/en.json';

const SETTINGS = [{ action: 'plugin::likeness.settings.read', subject: null }];

/** Side panel in the Content Manager edit view: every image the entry uses, with its status. */
const LikenessPanel = ({ model, documentId, document }: any) => ({
  title: en['panel.title'],
  content: createElement(EntryPanelContent, { model, documentId, locale: document?.locale ?? undefined, version: document?.updatedAt }),
});

/**
 * List-view bulk action "Check consent". The dialog's content is a component, not an element: Strapi
 * deep-compares each action description on every render, and an element drags its React owner (the
 * fiber tree) into that comparison, which kept the main thread so busy the bulk bar could take half a
 * minute to show its buttons.
 */
const CheckConsentAction = ({ model, documents }: any) => {
  const documentIds: string[] = (documents ?? []).map((d: any) => d.documentId);
  return {
    label: en['bulk.check'],
    dialog: { type: 'modal', title: en['bulk.title'], content: () => createElement(BulkCheckBody, { model, documentIds }) },
  };
};

export default {
  register(app: any) {
    app.registerPlugin({ id: PLUGIN_ID, name: en['plugin.name'] });

    app.createSettingSection({ id: PLUGIN_ID, intlLabel: { id: t('settings.section'), defaultMessage: en['settings.section'] } }, [
      {
        intlLabel: { id: t('settings.link'), defaultMessage: en['settings.link'] },
        id: 'likeness-settings',
        to: PLUGIN_ID,
        Component: () => import('./pages/SettingsPage'),
        permissions: SETTINGS,
      },
    ]);

    app.customFields.register({
      name: 'image',
      pluginId: PLUGIN_ID,
      type: 'json',
      intlLabel: { id: t('field.label'), defaultMessage: en['field.label'] },
      intlDescription: { id: t('field.description'), defaultMessage: en['field.description'] },
      components: { Input: async () => import('./components/ImageField') },
    });
  },

  bootstrap(app: any) {
    const cm = app.getPlugin('content-manager');
    cm.apis.addEditViewSidePanel([LikenessPanel]);
    cm.apis.addBulkAction([CheckConsentAction]);
  },

  async registerTrads({ locales }: { locales: string[] }) {
    return Promise.all(
      locales.map(async (locale) => {
        try {
          const { default: data } = await import(`./translations/${locale}.json`);
          return { data: Object.fromEntries(Object.entries(data).map(([k, v]) => [t(k), v])), locale };
        } catch {
          return { data: {}, locale };
        }
      }),
    );
  },
};
