import { LikenessApiError } from '@likeness/sdk';
import type { HostAdapter } from '../adapters/host-adapter';
import { pickAdapter } from '../adapters/pick-adapter';
import { SignedInView } from './app';
import { clear, h } from './dom';
import { localeOf, translator, type Translator } from './i18n';
import { LikenessApi } from './likeness-api';
import { DialogError, credentialStore, signInWithDialog, type Credential } from './sign-in';

const DEFAULT_CHANNEL = 'office';

/** The channel the administrator put in the manifest's URL, or `office`. */
function channelFromUrl(): string {
  const channel = new URLSearchParams(location.search).get('channel');
  return channel && /^[a-z0-9][a-z0-9_-]{0,39}$/.test(channel) ? channel : DEFAULT_CHANNEL;
}

class TaskPane {
  private readonly main = document.getElementById('app')!;
  private readonly notice = document.getElementById('notice')!;
  private readonly alert = document.getElementById('alert')!;
  private view: SignedInView | null = null;

  constructor(
    private readonly adapter: HostAdapter,
    private readonly i18n: Translator,
    private readonly channel: string,
  ) {}

  announce = (message: string, urgent = false): void => {
    // Two live regions: polite for progress, assertive for what the user must act on.
    (urgent ? this.alert : this.notice).textContent = message;
    if (!urgent) this.alert.textContent = '';
  };

  async start(): Promise<void> {
    const credential = credentialStore.load();
    if (credential) await this.open(credential);
    else this.showSignIn();
  }

  private async open(credential: Credential): Promise<void> {
    const api = new LikenessApi(location.origin, credential.token, this.channel);
    try {
      const me = await api.me();
      credentialStore.save(credential);
      this.view = new SignedInView(this.main, api, this.adapter, this.i18n, this.announce, (message) => this.showSignIn(message));
      this.view.render(me);
    } catch (err) {
      if (err instanceof LikenessApiError && err.status === 401) {
        credentialStore.clear();
        return this.showSignIn(this.i18n.t('sessionEnded'));
      }
      this.showSignIn(this.i18n.t('signInFailed', { reason: err instanceof Error ? err.message : String(err) }));
    }
  }

  private showSignIn(message?: string): void {
    const t = this.i18n.t;
    this.view = null;
    const keyInput = h('input', { id: 'likeness-api-key', name: 'apiKey', type: 'password', autocomplete: 'off', spellcheck: 'false' });
    const signIn = h('button', { type: 'button', id: 'likeness-sign-in', onclick: () => void this.dialogSignIn(signIn) }, t('signIn'));
    clear(
      this.main,
      h('section', { 'aria-labelledby': 'sign-in-heading' }, h('h2', { id: 'sign-in-heading' }, t('signInHeading')), h('p', {}, t('signInIntro')), signIn),
      h(
        'section',
        { 'aria-labelledby': 'api-key-heading' },
        h('h2', { id: 'api-key-heading' }, t('apiKeyHeading')),
        h('p', {}, t('apiKeyIntro')),
        h(
          'form',
          { onsubmit: (e: Event) => (e.preventDefault(), keyInput.value.trim() && void this.open({ kind: 'apiKey', token: keyInput.value.trim(), expiresAt: null })) },
          h('label', { for: 'likeness-api-key' }, t('apiKeyLabel')),
          h('div', { className: 'row' }, keyInput, h('button', { type: 'submit' }, t('apiKeyUse'))),
        ),
      ),
    );
    if (message) this.announce(message, true);
  }

  private async dialogSignIn(button: HTMLButtonElement): Promise<void> {
    const t = this.i18n.t;
    button.disabled = true;
    this.announce(t('signingIn'));
    try {
      await this.open(await signInWithDialog(this.i18n.locale));
    } catch (err) {
      if (err instanceof DialogError && err.kind === 'blocked') this.announce(t('dialogBlocked', { reason: err.message }), true);
      else if (!(err instanceof DialogError && err.kind === 'closed')) this.announce(t('signInFailed', { reason: err instanceof Error ? err.message : String(err) }), true);
      else this.announce('');
      button.disabled = false;
    }
  }
}

function fatal(message: string): void {
  const app = document.getElementById('app');
  if (app) clear(app, h('p', { className: 'fatal', role: 'alert' }, message));
}

function boot(): void {
  if (typeof Office === 'undefined') {
    fatal(translator(localeOf(navigator.language)).t('notInOffice'));
    return;
  }
  void Office.onReady(() => {
    const i18n = translator(localeOf(Office.context.displayLanguage));
    document.documentElement.lang = i18n.locale;
    document.title = i18n.t('title');
    document.getElementById('pane-title')!.textContent = i18n.t('title');
    const adapter = pickAdapter(Office.context.host);
    if (!adapter) return fatal(i18n.t('unsupportedHost'));
    void new TaskPane(adapter, i18n, channelFromUrl()).start();
  });
}

boot();
