import type { Core } from '@strapi/strapi';
import { plugin } from './util';

type Json = Record<string, any>;
type Model = { uid?: string; attributes: Record<string, any> };

const PLACEHOLDER_TTL_MS = 60_000;
const MARKDOWN_IMAGE = /!\[([^\]]*)\]\(\s*<?([^)\s>]+)>?(\s+"[^"]*")?\s*\)/g;
const HTML_IMAGE = /<img\b[^>]*?\bsrc\s*=\s*(["'])(.*?)\1[^>]*>/gi;

/**
 * Removes (or replaces with the placeholder) every non-approved image in a Content API response, driven by
 * the schema: media fields, components, dynamic zones, populated relations, Blocks and Markdown.
 */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  let placeholder: { at: number; id: number | null; file: Json | null } | null = null;

  const links = () => plugin(strapi, 'links');
  const connection = () => plugin(strapi, 'connection');

  async function unlinkedVisible(): Promise<boolean> {
    const { unlinked } = await plugin(strapi, 'settings').get();
    if (unlinked === 'show') return true;
    if (unlinked === 'hide') return false;
    const org = connection().org();
    return org !== null && !org.hideUnhandled;
  }

  async function assetVisible(assetId: string): Promise<boolean> {
    const state = connection().state(assetId);
    if (state.known) return state.visible;
    return (await connection().states([assetId])).get(assetId)!.visible;
  }

  /** May this Media Library file (by id, or by URL for embedded images) be shown? */
  async function fileVisible(fileId: number | undefined, url: string | undefined): Promise<boolean> {
    const id = fileId ?? (url ? links().fileOfUrl(url) : undefined);
    const assetId = links().assetOfFile(id);
    if (assetId) return assetVisible(assetId);
    if (id === undefined && url && !links().isUploadUrl(url)) return true; // an outside image: not ours to judge
    return unlinkedVisible();
  }

  async function placeholderFile(): Promise<Json | null> {
    const settings = await plugin(strapi, 'settings').get();
    if (settings.policy !== 'placeholder' || !settings.placeholderFileId) return null;
    if (placeholder && placeholder.id === settings.placeholderFileId && Date.now() - placeholder.at < PLACEHOLDER_TTL_MS) return placeholder.file;
    const row = await strapi.db.query('plugin::upload.file').findOne({ where: { id: settings.placeholderFileId } });
    const file = row
      ? Object.fromEntries(
          ['id', 'documentId', 'name', 'alternativeText', 'caption', 'width', 'height', 'formats', 'hash', 'ext', 'mime', 'size', 'url', 'previewUrl', 'provider', 'createdAt', 'updatedAt', 'publishedAt'].map((k) => [k, row[k] ?? null]),
        )
      : null;
    placeholder = { at: Date.now(), id: settings.placeholderFileId, file };
    return file;
  }

  async function media(value: any): Promise<any> {
    if (Array.isArray(value)) {
      const out: any[] = [];
      for (const file of value) {
        const kept = await media(file);
        if (kept) out.push(kept);
      }
      return out;
    }
    if (!value || typeof value !== 'object') return value;
    if (await fileVisible(typeof value.id === 'number' ? value.id : undefined, value.url)) return value;
    const replacement = await placeholderFile();
    return replacement ? { ...replacement, alternativeText: replacement.alternativeText ?? value.alternativeText ?? null } : null;
  }

  async function blocks(nodes: any): Promise<any> {
    if (!Array.isArray(nodes)) return nodes;
    const out: any[] = [];
    for (const node of nodes) {
      if (node?.type === 'image' && node.image) {
        const kept = await media(node.image);
        if (kept) out.push({ ...node, image: kept });
        continue;
      }
      out.push(Array.isArray(node?.children) ? { ...node, children: await blocks(node.children) } : node);
    }
    return out;
  }

  async function replaceAsync(text: string, pattern: RegExp, replace: (m: RegExpMatchArray) => Promise<string>): Promise<string> {
    const matches = [...text.matchAll(pattern)];
    if (!matches.length) return text;
    let out = '';
    let last = 0;
    for (const m of matches) {
      out += text.slice(last, m.index) + (await replace(m));
      last = m.index! + m[0].length;
    }
    return out + text.slice(last);
  }

  async function markdown(text: unknown): Promise<unknown> {
    if (typeof text !== 'string' || !/!\[|<img/i.test(text)) return text;
    const substitute = async (url: string) => {
      if (await fileVisible(undefined, url)) return url;
      return ((await placeholderFile())?.url as string | undefined) ?? null;
    };
    let out = await replaceAsync(text, MARKDOWN_IMAGE, async (m) => {
      const url = await substitute(m[2]!);
      return url === null ? '' : url === m[2] ? m[0] : `![${m[1]}](${url})`;
    });
    out = await replaceAsync(out, HTML_IMAGE, async (m) => {
      const url = await substitute(m[2]!);
      return url === null ? '' : url === m[2] ? m[0] : m[0].replace(m[2]!, url);
    });
    return out;
  }

  async function pickedImage(value: any): Promise<any> {
    if (!value || typeof value !== 'object' || typeof value.assetId !== 'string') return value;
    return (await assetVisible(value.assetId)) ? value : null;
  }

  async function entity(data: any, model: Model | undefined, depth = 0): Promise<any> {
    if (!data || typeof data !== 'object' || !model || depth > 20) return data;
    if (Array.isArray(data)) return Promise.all(data.map((d) => entity(d, model, depth)));
    const out: Json = { ...data };
    for (const [key, attribute] of Object.entries(model.attributes)) {
      const value = out[key];
      if (value === undefined || value === null) continue;
      if (attribute.customField === 'plugin::likeness.image') out[key] = await pickedImage(value);
      else if (attribute.type === 'media') out[key] = await media(value);
      else if (attribute.type === 'blocks') out[key] = await blocks(value);
      else if (attribute.type === 'richtext') out[key] = await markdown(value);
      else if (attribute.type === 'component') out[key] = await entity(value, strapi.components[attribute.component as keyof typeof strapi.components] as Model, depth + 1);
      else if (attribute.type === 'dynamiczone')
        out[key] = Array.isArray(value)
          ? await Promise.all(value.map((item: Json) => entity(item, strapi.components[item?.__component as keyof typeof strapi.components] as Model, depth + 1)))
          : value;
      else if (attribute.type === 'relation' && attribute.target && attribute.target !== 'plugin::upload.file')
        out[key] = await entity(value, strapi.getModel(attribute.target) as Model, depth + 1);
    }
    return out;
  }

  return {
    /** The `content-api.output` sanitizer body for one entity (or list) of `model`. */
    async sanitize(data: any, model: Model): Promise<any> {
      if (model?.uid === 'plugin::upload.file') {
        // Listings and reads of the Media Library; an upload's or update's own answer names the file the client just sent.
        const method = (strapi.requestContext.get() as { method?: string } | undefined)?.method;
        return method === 'GET' || method === undefined ? ((await media(data)) ?? null) : data;
      }
      return entity(data, model);
    },
    forgetPlaceholder() {
      placeholder = null;
    },
  };
};
