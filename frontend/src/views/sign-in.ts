import { h } from '../lib/dom';

/** The sign-in form: the operator's API key, which Herald logs at start when none is configured. */
export function signInForm(onSubmit: (key: string) => Promise<void>, message?: string): HTMLElement {
  const key = h('input', { type: 'password', required: true, autocomplete: 'current-password', autofocus: true,
    placeholder: 'API key', 'data-testid': 'signin-key', 'aria-label': 'API key' });
  const error = h('p', { class: 'error', role: 'alert', 'data-testid': 'signin-error', hidden: !message }, message ?? '');
  const submit = h('button', { type: 'submit', class: 'primary', 'data-testid': 'signin-submit' }, 'Sign in');
  const form = h('form', { class: 'signin panel', 'data-testid': 'signin-form' },
    h('div', { class: 'brand big' }, h('span', { class: 'logo' }), 'Herald'),
    h('p', { class: 'muted' }, 'Operator dashboard. Sign in with an API key: one of herald.security.api-keys, or the key Herald logged at start ("Using generated API key").'),
    key, submit, error);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    submit.disabled = true;
    error.hidden = true;
    try {
      await onSubmit(key.value.trim());
    } catch (failure) {
      error.hidden = false;
      error.textContent = (failure as Error).message;
      key.select();
    } finally {
      submit.disabled = false;
    }
  });
  return h('main', { class: 'signin-page' }, form);
}
