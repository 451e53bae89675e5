import { LikenessApiError, createLikenessClient, unwrap } from '@likeness/sdk';

/**
 * The sign-in dialog (opened by displayDialogAsync, same origin as the pane). It signs in against Likeness and
 * hands the session token to the pane with messageParent: the dialog and the pane share no storage in Office.
 */
const sv = new URLSearchParams(location.search).get('lang') === 'sv';
const text = sv
  ? { title: 'Logga in på Likeness', email: 'E-post', password: 'Lösenord', submit: 'Logga in', busy: 'Loggar in…', failed: 'Inloggningen misslyckades' }
  : { title: 'Sign in to Likeness', email: 'Email', password: 'Password', submit: 'Sign in', busy: 'Signing in…', failed: 'Sign-in failed' };

function render(): void {
  document.documentElement.lang = sv ? 'sv' : 'en';
  document.title = text.title;
  document.getElementById('dialog-title')!.textContent = text.title;
  document.querySelector('label[for="email"]')!.textContent = text.email;
  document.querySelector('label[for="password"]')!.textContent = text.password;
  const form = document.getElementById('sign-in') as HTMLFormElement;
  const button = form.querySelector('button')!;
  const status = document.getElementById('status')!;
  button.textContent = text.submit;
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const email = (document.getElementById('email') as HTMLInputElement).value.trim();
    const password = (document.getElementById('password') as HTMLInputElement).value;
    button.disabled = true;
    status.textContent = text.busy;
    const client = createLikenessClient({ baseUrl: location.origin });
    unwrap(client.POST('/api/v1/office/sessions', { body: { email, password } })).then(
      (session) => Office.context.ui.messageParent(JSON.stringify({ type: 'likeness-session', token: session.token, expiresAt: session.expiresAt })),
      (err: unknown) => {
        button.disabled = false;
        status.textContent = `${text.failed}: ${err instanceof LikenessApiError ? err.message : String(err)}`;
        (document.getElementById('password') as HTMLInputElement).focus();
      },
    );
  });
}

if (typeof Office !== 'undefined') void Office.onReady(render);
else render();
