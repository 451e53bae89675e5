import type { Locale } from './i18n';

/** What the pane holds to call Likeness: an Office session (from the dialog) or an admin-issued API key. */
export interface Credential {
  kind: 'session' | 'apiKey';
  token: string;
  expiresAt: string | null;
}

const KEY = 'likeness.office.credential';

/** Kept in the pane's own storage; it reaches the pane only through messageParent, never shared storage. */
export const credentialStore = {
  load(): Credential | null {
    try {
      const c = JSON.parse(localStorage.getItem(KEY) ?? 'null') as Credential | null;
      if (!c || typeof c.token !== 'string') return null;
      if (c.expiresAt && Date.parse(c.expiresAt) <= Date.now()) return this.clear();
      return c;
    } catch {
      return null;
    }
  },
  save(c: Credential): void {
    localStorage.setItem(KEY, JSON.stringify(c));
  },
  clear(): null {
    localStorage.removeItem(KEY);
    return null;
  },
};

export class DialogError extends Error {
  constructor(
    readonly kind: 'blocked' | 'closed' | 'failed',
    message: string,
  ) {
    super(message);
  }
}

/** Opens the sign-in dialog (same origin as the pane) and resolves with the session it passes back. */
export function signInWithDialog(locale: Locale): Promise<Credential> {
  const url = new URL('dialog.html', location.href);
  url.search = `?lang=${locale}`;
  return new Promise((resolve, reject) => {
    Office.context.ui.displayDialogAsync(url.href, { height: 60, width: 30, promptBeforeOpen: false }, (result) => {
      if (result.status !== Office.AsyncResultStatus.Succeeded) {
        return reject(new DialogError('blocked', result.error?.message ?? 'unknown'));
      }
      const dialog = result.value;
      dialog.addEventHandler(Office.EventType.DialogMessageReceived, (arg) => {
        dialog.close();
        try {
          const message = JSON.parse((arg as { message: string }).message) as { type?: string; token?: string; expiresAt?: string; error?: string };
          if (message.type === 'likeness-session' && message.token) return resolve({ kind: 'session', token: message.token, expiresAt: message.expiresAt ?? null });
          reject(new DialogError('failed', message.error ?? 'unexpected message'));
        } catch {
          reject(new DialogError('failed', 'unreadable message'));
        }
      });
      // The user closed the dialog (12006) or it failed to load.
      dialog.addEventHandler(Office.EventType.DialogEventReceived, (arg) => reject(new DialogError('closed', String((arg as { error?: number }).error ?? ''))));
    });
  });
}
