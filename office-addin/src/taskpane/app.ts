import { LikenessApiError, type LiveStatus } from '@likeness/sdk';
import { DocumentRegistry } from '../adapters/document-registry';
import { DocumentChangedError, HostActionError, type DocumentImage, type HostAdapter, type ImageLocation } from '../adapters/host-adapter';
import { bytesToBase64, perceptualHashOfBytes, sha256Hex } from './browser-hash';
import { DocumentChecker, needsAttention, type CheckedImage } from './checker';
import { clear, h } from './dom';
import type { Translator } from './i18n';
import { LikenessApi, type ApprovedImage, type Me } from './likeness-api';
import { credentialStore, type Credential } from './sign-in';

/** The signed-in pane: approved images to insert, and the document check with live updates. */
export class SignedInView {
  private readonly registry = new DocumentRegistry(Office.context.document.settings);
  private readonly live: LiveStatus;
  private readonly checker: DocumentChecker;
  private readonly results = h('ul', { className: 'results', 'aria-labelledby': 'search-heading' });
  private readonly problems = h('ul', { className: 'problems' });
  private readonly checkSummary = h('p', { className: 'summary' });
  private readonly liveState = h('p', { className: 'live' });
  private readonly replaceBanner = h('div', { className: 'replace-banner', hidden: true });
  private replacing: CheckedImage | null = null;
  private thumbnails: string[] = [];
  /** Only the latest search may fill the list (an earlier, slower answer must not overwrite it). */
  private searchSeq = 0;

  constructor(
    private readonly root: HTMLElement,
    private readonly api: LikenessApi,
    private readonly adapter: HostAdapter,
    private readonly i18n: Translator,
    private readonly announce: (message: string, urgent?: boolean) => void,
    private readonly onSignedOut: (message?: string) => void,
  ) {
    this.live = api.liveStatus();
    this.checker = new DocumentChecker(adapter, this.registry, api, this.live);
    this.live.on('change', (change) => {
      for (const turned of this.checker.applyChange(change)) {
        this.announce(this.i18n.t('nowNotApproved', { where: this.where(turned.image.location), title: this.titleOf(turned), reason: this.reason(turned) }), true);
      }
      this.renderCheck();
      this.renderLiveState();
    });
    this.live.on('error', (err) => {
      if (err instanceof Error && err.message === 'unauthenticated') this.expired();
      this.renderLiveState();
    });
  }

  render(me: Me): void {
    const t = this.i18n.t;
    const search = h('input', { type: 'search', id: 'likeness-search', name: 'q', autocomplete: 'off' });
    const form = h(
      'form',
      { className: 'search', role: 'search', onsubmit: (e: Event) => (e.preventDefault(), void this.search(search.value)) },
      h('label', { for: 'likeness-search' }, t('searchLabel')),
      h('div', { className: 'row' }, search, h('button', { type: 'submit' }, t('search'))),
    );
    clear(
      this.root,
      h(
        'header',
        { className: 'account' },
        h('p', {}, t('signedInAs', { name: me.name, organisation: me.organisation.name })),
        h('p', { className: 'channel' }, t('channel', { channel: this.api.channel })),
        h('button', { type: 'button', className: 'secondary', onclick: () => void this.signOut() }, t('signOut')),
      ),
      this.degradedNotice(),
      h(
        'section',
        { 'aria-labelledby': 'check-heading' },
        h('h2', { id: 'check-heading' }, t('checkHeading')),
        h('button', { type: 'button', id: 'likeness-check', disabled: !this.adapter.can('list'), onclick: () => void this.check() }, t('check')),
        this.checkSummary,
        this.liveState,
        this.problems,
      ),
      h('section', { 'aria-labelledby': 'search-heading' }, h('h2', { id: 'search-heading' }, t('searchHeading')), this.replaceBanner, form, this.results),
    );
    this.live.connect();
    this.renderLiveState();
    void this.search('');
    if (this.adapter.can('list')) void this.check();
  }

  close(): void {
    this.live.close();
    this.thumbnails.forEach((u) => URL.revokeObjectURL(u));
  }

  private degradedNotice(): HTMLElement | null {
    const missing = this.adapter.missing;
    const host = this.adapter.host === 'word' ? 'Word' : 'PowerPoint';
    const notes = missing.map((m) => h('li', {}, this.i18n.t(`missing_${m.capability}`, { requirement: m.requirement })));
    if (this.adapter.host === 'word') notes.push(h('li', {}, this.i18n.t('wordPositions')));
    if (!notes.length) return null;
    return h('div', { className: 'degraded', role: 'note' }, missing.length ? h('p', {}, this.i18n.t('degraded', { host })) : null, h('ul', {}, ...notes));
  }

  private async search(q: string): Promise<void> {
    const t = this.i18n.t;
    const seq = ++this.searchSeq;
    clear(this.results, h('li', { className: 'muted' }, t('searching')));
    try {
      const images = await this.api.searchApproved(q);
      if (seq !== this.searchSeq) return;
      this.thumbnails.forEach((u) => URL.revokeObjectURL(u));
      this.thumbnails = [];
      if (!images.length) return clear(this.results, h('li', { className: 'muted' }, t('noResults')));
      clear(this.results, ...images.map((image) => this.resultItem(image)));
      this.announce(t('resultsCount', { count: images.length }));
    } catch (err) {
      this.failed(err);
      clear(this.results);
    }
  }

  private resultItem(image: ApprovedImage): HTMLElement {
    const t = this.i18n.t;
    const img = h('img', { alt: image.title, width: 96, height: 72, loading: 'lazy' });
    this.api.thumbnail(image.id).then(
      (blob) => {
        const url = URL.createObjectURL(blob);
        this.thumbnails.push(url);
        img.src = url;
      },
      () => img.remove(),
    );
    const label = this.replacing ? t('useAsReplacement', { title: image.title }) : t('insertNamed', { title: image.title });
    return h(
      'li',
      { className: 'result', 'data-asset': image.id },
      img,
      h('div', { className: 'meta' }, h('strong', {}, image.title), h('span', {}, image.approvedUntil ? t('approvedUntil', { date: this.i18n.date(image.approvedUntil) }) : t('noEndDate'))),
      h('button', { type: 'button', 'aria-label': label, disabled: !this.adapter.can(this.replacing ? 'replace' : 'insert'), onclick: () => void this.insert(image) }, this.replacing ? t('replace') : t('insert')),
    );
  }

  private async insert(image: ApprovedImage): Promise<void> {
    const t = this.i18n.t;
    const target = this.replacing;
    this.announce(t('inserting', { title: image.title }));
    try {
      const bytes = await this.api.insertableImage(image.id);
      const [sha256, decoded] = await Promise.all([sha256Hex(bytes), perceptualHashOfBytes(bytes)]);
      const toInsert = { base64: bytesToBase64(bytes), assetId: image.id, title: image.title, width: decoded.width || image.width, height: decoded.height || image.height };
      if (target) await this.adapter.replace(target.image.ref, toInsert);
      else await this.adapter.insertImage(toInsert);
      this.checker.rememberTitle(image.id, image.title);
      await this.registry.record({ assetId: image.id, sha256, phash: decoded.hash, title: image.title, insertedAt: new Date().toISOString() });
      this.announce(target ? t('replaced', { where: this.where(target.image.location) }) : t('inserted', { title: image.title }));
      this.endReplace();
      await this.check();
    } catch (err) {
      this.failed(err);
    }
  }

  private async check(): Promise<void> {
    clear(this.checkSummary, this.i18n.t('checking'));
    try {
      await this.checker.check();
      this.renderCheck();
      await this.reportUsage();
    } catch (err) {
      clear(this.checkSummary);
      this.failed(err);
    }
  }

  private renderCheck(): void {
    const t = this.i18n.t;
    const { images, unreadable } = this.checker.current;
    const flagged = images.filter(needsAttention);
    clear(
      this.checkSummary,
      !images.length ? t('checkedNone') : flagged.length ? t('checkSummary', { problems: flagged.length, count: images.length }) : t('checkedAll', { count: images.length, channel: this.api.channel }),
    );
    if (unreadable) this.checkSummary.append(' ', t('untaggedUnreadable', { count: unreadable, host: this.adapter.host === 'word' ? 'Word' : 'PowerPoint' }));
    clear(this.problems, ...flagged.map((c) => this.problemItem(c)));
  }

  private problemItem(c: CheckedImage): HTMLElement {
    const t = this.i18n.t;
    const where = this.where(c.image.location);
    const title = this.titleOf(c);
    return h(
      'li',
      { className: `problem status-${c.status}`, 'data-asset': c.assetId ?? '', 'data-status': c.status },
      h('p', {}, h('strong', {}, `${where}: `), title, ' — ', h('span', { className: 'reason' }, this.reason(c))),
      h(
        'div',
        { className: 'actions' },
        h('button', { type: 'button', 'aria-label': `${t('select')}: ${where}`, disabled: !this.adapter.can('select'), onclick: () => void this.act(() => this.adapter.select(c.image.ref)) }, t('select')),
        h('button', { type: 'button', 'aria-label': `${t('replace')}: ${where}`, disabled: !this.adapter.can('replace'), onclick: () => this.startReplace(c) }, t('replace')),
        h('button', { type: 'button', className: 'danger', 'aria-label': `${t('remove')}: ${where}`, disabled: !this.adapter.can('remove'), onclick: () => void this.remove(c) }, t('remove')),
      ),
    );
  }

  private startReplace(c: CheckedImage): void {
    this.replacing = c;
    clear(
      this.replaceBanner,
      h('p', {}, this.i18n.t('replacing', { where: this.where(c.image.location) })),
      h('button', { type: 'button', className: 'secondary', onclick: () => this.endReplace() }, this.i18n.t('cancelReplace')),
    );
    this.replaceBanner.hidden = false;
    void this.search((document.getElementById('likeness-search') as HTMLInputElement | null)?.value ?? '');
    document.getElementById('likeness-search')?.focus();
  }

  private endReplace(): void {
    if (!this.replacing) return;
    this.replacing = null;
    this.replaceBanner.hidden = true;
    void this.search((document.getElementById('likeness-search') as HTMLInputElement | null)?.value ?? '');
  }

  private async remove(c: CheckedImage): Promise<void> {
    if (await this.act(() => this.adapter.remove(c.image.ref))) {
      this.announce(this.i18n.t('removed', { where: this.where(c.image.location) }));
      await this.check();
    }
  }

  private async act(action: () => Promise<void>): Promise<boolean> {
    try {
      await action();
      return true;
    } catch (err) {
      this.failed(err);
      return false;
    }
  }

  /** The full set of assets in this document, at its URL (or an id kept in the document when unsaved). */
  private async reportUsage(): Promise<void> {
    const ids = [...new Set(this.checker.current.images.flatMap((c) => (c.assetId && c.status !== 'unknown' ? [c.assetId] : [])))];
    const url = Office.context.document.url;
    let location = url && /^https?:\/\//.test(url) ? url : null;
    if (!location) {
      let id = Office.context.document.settings.get('likeness.documentId') as string | null;
      if (!id) {
        id = crypto.randomUUID();
        Office.context.document.settings.set('likeness.documentId', id);
        Office.context.document.settings.saveAsync(() => undefined);
      }
      location = `office-document:${id}`;
    }
    const title = url ? (url.split(/[\\/]/).pop() ?? null) : null;
    await this.api.reportUsage(location, title, ids).catch((err: unknown) => this.failed(err));
  }

  private renderLiveState(): void {
    clear(this.liveState, this.live.connected ? this.i18n.t('live') : this.i18n.t('notLive'));
    this.liveState.classList.toggle('connected', this.live.connected);
  }

  private where(location: ImageLocation): string {
    return this.i18n.t(location.kind, { number: location.number });
  }

  private titleOf(c: CheckedImage): string {
    return c.status === 'foreign' ? this.i18n.t('foreignTitle') : c.title || this.i18n.t('untitled');
  }

  private reason(c: CheckedImage): string {
    if (c.status === 'expiring' && c.approvedUntil) return this.i18n.t('reason_expiring', { date: this.i18n.date(c.approvedUntil) });
    return this.i18n.t(`reason_${c.status === 'expiring' ? 'approved' : c.status}`, {});
  }

  private async signOut(): Promise<void> {
    await this.api.signOut().catch(() => undefined);
    this.close();
    credentialStore.clear();
    this.onSignedOut();
  }

  private expired(): void {
    this.close();
    credentialStore.clear();
    this.onSignedOut(this.i18n.t('sessionEnded'));
  }

  private failed(err: unknown): void {
    const t = this.i18n.t;
    if (err instanceof LikenessApiError && err.status === 401) return this.expired();
    if (err instanceof DocumentChangedError) return this.announce(t('documentChanged'), true);
    if (err instanceof HostActionError && err.reason === 'image_selected') return this.announce(t('imageSelected'), true);
    this.announce(t('actionFailed', { reason: err instanceof Error ? err.message : String(err) }), true);
  }
}

export type { Credential, DocumentImage };
