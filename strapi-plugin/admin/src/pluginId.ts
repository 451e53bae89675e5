export const PLUGIN_ID = 'likeness';
export const t = (id: string) => `${PLUGIN_ID}.${id}`;
