import { ApiError, HeraldApi } from './api';
import { Dashboard } from './app';
import './style.css';
import { DashboardTokens } from './tokens';
import { signInForm } from './views/sign-in';

/** The API key lives in sessionStorage: it survives a reload, not the closing of the tab. */
const KEY_STORAGE = 'herald.apiKey';
/** Dashboard tokens are short-lived; the client library renews them in-band before they expire. */
const TOKEN_TTL_SECONDS = 900;

const root = document.getElementById('app')!;
let dashboard: Dashboard | undefined;

function showSignIn(message?: string): void {
  dashboard?.stop();
  dashboard = undefined;
  sessionStorage.removeItem(KEY_STORAGE);
  root.replaceChildren(signInForm(signIn, message));
  root.querySelector<HTMLInputElement>('[data-testid="signin-key"]')?.focus();
}

/** Checks the key by fetching the first connection token with it, then opens the dashboard. */
async function signIn(key: string): Promise<void> {
  if (!key) {
    throw new Error('Enter an API key.');
  }
  const api = new HeraldApi(key);
  const tokens = new DashboardTokens(() => api.createToken('dashboard', ['**'], TOKEN_TTL_SECONDS));
  try {
    await tokens.signIn();
  } catch (error) {
    if (error instanceof ApiError && error.unauthorized) {
      throw new Error('Herald refused this API key (401). Use one of herald.security.api-keys, or the key Herald logged at start.');
    }
    if (error instanceof ApiError && error.status === 0) {
      throw new Error(`Herald cannot be reached. ${error.message}`);
    }
    throw new Error(`Sign-in failed: ${(error as Error).message}`);
  }
  sessionStorage.setItem(KEY_STORAGE, key);
  dashboard = new Dashboard(root, api, tokens, showSignIn);
  dashboard.start();
}

const saved = sessionStorage.getItem(KEY_STORAGE);
if (saved) {
  signIn(saved).catch((error: Error) => showSignIn(error.message));
} else {
  showSignIn();
}
