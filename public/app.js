// Progressive enhancement only: every page works without this file.
import { initAll } from '/public/govuk-frontend.min.js';

initAll();

// Warn before the session times out, and let people stay signed in without losing their page.
const warning = document.getElementById('session-warning');
if (warning) {
  const idle = Number(warning.dataset.idleSeconds) * 1000;
  const warnBefore = Number(warning.dataset.warnSeconds) * 1000;
  let timer;
  // Where the person was when the warning took focus: they go back there once they choose to stay.
  let returnFocusTo = null;
  const schedule = () => {
    clearTimeout(timer);
    warning.hidden = true;
    timer = setTimeout(() => {
      returnFocusTo = document.activeElement;
      warning.hidden = false;
      document.getElementById('session-keep')?.focus();
    }, Math.max(0, idle - warnBefore));
  };
  document.getElementById('session-keep')?.addEventListener('click', async () => {
    const token = document.querySelector('input[name="_csrf"]')?.value ?? '';
    const response = await fetch('/session/keep-alive', {
      method: 'POST',
      headers: { 'csrf-token': token },
      credentials: 'same-origin',
    });
    if (!response.ok) return;
    schedule();
    if (returnFocusTo && returnFocusTo !== document.body && returnFocusTo.isConnected) {
      returnFocusTo.focus();
    } else {
      const main = document.getElementById('main-content');
      main?.setAttribute('tabindex', '-1');
      main?.focus();
    }
  });
  schedule();
}
