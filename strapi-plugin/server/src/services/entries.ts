import type { Core } from '@strapi/strapi';
import type { LiveState } from '@likeness/sdk';
import { plugin } from './util';

type Json = Record<string, any>;
type Model = { uid?: string; attributes: Record<string, any>; options?: Json; kind?: string; info?: Json };

export interface UsedImage {
  fileId: number | null;
  name: string;
  url: string | null;
  assetId: string | null;
  /** Where in the entry, e.g. `cover`, `gallery.images`, `body`. */
  field: string;
}

export interface ImageVerdict extends UsedImage {
  state: LiveState | null;
  /** May be published under the organisation's policy. */
  allowed: boolean;
  /** Allowed, but the organisation's policy is `warn` and consent is missing. */
  warning: boolean;
}

const MARKDOWN_URL = /!\[[^\]]*\]\(\s*<?([^)\s>]+)>?/g;
const HTML_URL = /<img\b[^>]*?\bsrc\s*=\s*["']([^"']+)["']/gi;

/** Reads an entry with every image it uses (media, components, dynamic zones, Blocks, Markdown). */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  const model = (uid: string) => strapi.getModel(uid as never) as unknown as Model | undefined;
  const component = (uid: string) => strapi.components[uid as keyof typeof strapi.components] as unknown as Model | undefined;

  function populate(m: Model | undefined, depth = 0): Json | undefined {
    if (!m || depth > 6) return undefined;
    const out: Json = {};
    for (const [key, a] of Object.entries(m.attributes)) {
      if (a.type === 'media') out[key] = true;
      else if (a.type === 'component') out[key] = { populate: populate(component(a.component), depth + 1) ?? '*' };
      else if (a.type === 'dynamiczone') out[key] = { on: Object.fromEntries((a.components as string[]).map((c) => [c, { populate: populate(component(c), depth + 1) ?? '*' }])) };
    }
    return Object.keys(out).length ? out : undefined;
  }

  function collect(data: any, m: Model | undefined, prefix: string, into: UsedImage[]): void {
    if (!data || typeof data !== 'object' || !m) return;
    if (Array.isArray(data)) return data.forEach((d) => collect(d, m, prefix, into));
    const links = plugin(strapi, 'links');
    const add = (file: Json | number | string | null | undefined, field: string) => {
      // Input data (create/update) names files by id; read data has the file objects.
      if (typeof file === 'number' || (typeof file === 'string' && /^\d+$/.test(file))) file = { id: Number(file), name: null };
      if (!file || typeof file !== 'object') return;
      const fileId = typeof file.id === 'number' ? file.id : null;
      into.push({ fileId, name: file.name ?? (file.url ? decodeURIComponent(String(file.url).split('/').pop()!) : '?'), url: file.url ?? null, assetId: links.assetOfFile(fileId ?? undefined) ?? null, field });
    };
    const addUrl = (url: string, field: string) => {
      const fileId = links.fileOfUrl(url) ?? null;
      if (fileId === null && !links.isUploadUrl(url)) return;
      into.push({ fileId, name: decodeURIComponent(url.split('/').pop() ?? url), url, assetId: links.assetOfFile(fileId ?? undefined) ?? null, field });
    };
    for (const [key, a] of Object.entries(m.attributes)) {
      const value = data[key];
      const field = prefix ? `${prefix}.${key}` : key;
      if (value === undefined || value === null) continue;
      if (a.customField === 'plugin::likeness.image' && typeof value === 'object' && typeof value.assetId === 'string')
        into.push({ fileId: typeof value.fileId === 'number' ? value.fileId : null, name: value.title ?? value.assetId, url: value.url ?? null, assetId: value.assetId, field });
      else if (a.type === 'media') (Array.isArray(value) ? value : [value]).forEach((f) => add(f, field));
      else if (a.type === 'component') collect(value, component(a.component), field, into);
      else if (a.type === 'dynamiczone') (value as Json[]).forEach((item) => collect(item, component(item.__component), field, into));
      else if (a.type === 'blocks') walkBlocks(value, (image) => add(image, field));
      else if (a.type === 'richtext' && typeof value === 'string') {
        for (const match of value.matchAll(MARKDOWN_URL)) addUrl(match[1]!, field);
        for (const match of value.matchAll(HTML_URL)) addUrl(match[1]!, field);
      }
    }
  }

  function walkBlocks(nodes: any, onImage: (image: Json) => void): void {
    if (!Array.isArray(nodes)) return;
    for (const node of nodes) {
      if (node?.type === 'image' && node.image) onImage(node.image);
      if (Array.isArray(node?.children)) walkBlocks(node.children, onImage);
    }
  }

  const service = {
    isContentType(uid: string): boolean {
      return uid.startsWith('api::') && Boolean(model(uid));
    },
    hasDraftAndPublish(uid: string): boolean {
      return model(uid)?.options?.draftAndPublish === true;
    },

    async load(uid: string, documentId: string, locale: string | undefined, status: 'draft' | 'published'): Promise<Json | null> {
      return (await strapi.documents(uid as never).findOne({ documentId, ...(locale ? { locale } : {}), status, populate: populate(model(uid)) as never } as never)) as Json | null;
    },

    /** Fills in the names of files that input data named only by id. */
    async named(images: UsedImage[]): Promise<UsedImage[]> {
      const missing = images.filter((i) => (!i.name || i.name === '?') && i.fileId !== null).map((i) => i.fileId!) ;
      if (!missing.length) return images;
      const rows = (await strapi.db.query('plugin::upload.file').findMany({ where: { id: { $in: missing } }, select: ['id', 'name'] })) as Json[];
      const names = new Map(rows.map((r) => [r.id, r.name]));
      return images.map((i) => (i.fileId !== null && names.has(i.fileId) && (!i.name || i.name === '?') ? { ...i, name: names.get(i.fileId) } : i));
    },

    images(uid: string, entry: Json | null): UsedImage[] {
      const into: UsedImage[] = [];
      collect(entry, model(uid), '', into);
      const seen = new Set<string>();
      return into.filter((i) => {
        const key = `${i.fileId ?? i.url ?? i.assetId}|${i.field}`;
        return seen.has(key) ? false : (seen.add(key), true);
      });
    },

    /** Each image with its status; unlinked files follow the unlinked setting. */
    async verdicts(images: UsedImage[]): Promise<ImageVerdict[]> {
      const connection = plugin(strapi, 'connection');
      const ids = [...new Set(images.map((i) => i.assetId).filter((id): id is string => Boolean(id)))];
      const states = await connection.states(ids, 5_000);
      const { unlinked } = await plugin(strapi, 'settings').get();
      const org = connection.org();
      const unlinkedOk = unlinked === 'show' || (unlinked === 'org' && org !== null && !org.hideUnhandled);
      return images.map((image) => {
        if (!image.assetId) return { ...image, state: null, allowed: unlinkedOk, warning: false };
        const state = states.get(image.assetId)!;
        return { ...image, state, allowed: state.visible, warning: state.visible && !state.approved };
      });
    },

    title(uid: string, entry: Json | null): string | null {
      if (!entry) return null;
      for (const key of ['title', 'name', 'heading', 'label', 'slug']) if (typeof entry[key] === 'string' && entry[key]) return String(entry[key]).slice(0, 500);
      const m = model(uid);
      const first = Object.entries(m?.attributes ?? {}).find(([k, a]) => a.type === 'string' && typeof entry[k] === 'string');
      return first ? String(entry[first[0]]).slice(0, 500) : null;
    },

    singularName(uid: string): string {
      return (model(uid)?.info?.singularName as string | undefined) ?? uid.split('.').pop() ?? uid;
    },
  };
  return service;
};
