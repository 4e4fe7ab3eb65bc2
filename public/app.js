// Progressive enhancement only: every page works without this file.
import { initAll } from '/public/govuk-frontend.min.js';

initAll();

// Warn before the session times out, and let people stay signed in without losing their page.
// Two timeouts: the idle one, which "Stay signed in" puts off, and the absolute one (a fixed time
// after signing in), which nothing puts off. Whichever comes first is the one warned about.
const warning = document.getElementById('session-warning');
const ending = document.getElementById('session-ending');
if (warning) {
  const idle = Number(warning.dataset.idleSeconds) * 1000;
  const warnBefore = Number(warning.dataset.warnSeconds) * 1000;
  const endsIn = warning.dataset.endsInSeconds;
  const endsAt = endsIn === undefined ? Infinity : Date.now() + Number(endsIn) * 1000;
  let timer;
  // Where the person was when a warning took focus: they go back there once they have read it.
  let returnFocusTo = null;
  const show = (banner, button) => {
    returnFocusTo = document.activeElement;
    banner.hidden = false;
    document.getElementById(button)?.focus();
  };
  const restoreFocus = () => {
    if (returnFocusTo && returnFocusTo !== document.body && returnFocusTo.isConnected) {
      returnFocusTo.focus();
    } else {
      const main = document.getElementById('main-content');
      main?.setAttribute('tabindex', '-1');
      main?.focus();
    }
  };
  const schedule = () => {
    clearTimeout(timer);
    warning.hidden = true;
    const idleEndsAt = Date.now() + idle;
    if (ending && endsAt <= idleEndsAt) {
      const wait = Math.max(0, endsAt - warnBefore - Date.now());
      timer = setTimeout(() => show(ending, 'session-ending-ok'), wait);
    } else {
      timer = setTimeout(() => show(warning, 'session-keep'), Math.max(0, idle - warnBefore));
    }
  };
  document.getElementById('session-keep')?.addEventListener('click', async () => {
    const token = document.querySelector('input[name="_csrf"]')?.value ?? '';
    const response = await fetch('/session/keep-alive', {
      method: 'POST',
      headers: { 'csrf-token': token },
      credentials: 'same-origin',
    }).catch(() => null);
    // Not reached (offline, say): the warning stays, and the button can be pressed again.
    if (!response || (!response.ok && response.status !== 401)) return;
    if (response.status === 401) {
      // Too late: the session has ended. Say so, rather than leave the warning as it was.
      const text = document.getElementById('session-warning-text');
      text.textContent = 'You have been signed out because you had not done anything for a while.';
      text.nextElementSibling.textContent =
        'Anything you have typed on this page is kept: when you send it, you will be asked to sign in again first.';
      document.getElementById('session-keep').remove();
      text.setAttribute('tabindex', '-1');
      text.focus();
      return;
    }
    schedule();
    restoreFocus();
  });
  document.getElementById('session-ending-ok')?.addEventListener('click', () => {
    if (ending) ending.hidden = true;
    restoreFocus();
  });
  schedule();
}

// A wide table scrolls sideways in its own box, never the page (WCAG 1.4.10, reflow). While it
// does, the box takes keyboard focus so the arrow keys scroll it, and is named by the table's
// caption (or the heading before it). Browsers that focus scrolling boxes themselves lose nothing.
const tableBoxes = document.querySelectorAll('.dw-table-scroll');
const nameOf = (box) => {
  const caption = box.querySelector('caption');
  if (caption) return caption.textContent.trim();
  let before = box.previousElementSibling;
  while (before && !/^H[1-6]$/.test(before.tagName)) before = before.previousElementSibling;
  return before ? before.textContent.trim() : 'Table';
};
const fitTables = () => {
  for (const box of tableBoxes) {
    if (box.scrollWidth > box.clientWidth + 1) {
      box.tabIndex = 0;
      box.setAttribute('role', 'region');
      box.setAttribute('aria-label', `${nameOf(box)} (scrolls sideways)`);
    } else {
      box.removeAttribute('tabindex');
      box.removeAttribute('role');
      box.removeAttribute('aria-label');
    }
  }
};
if (tableBoxes.length) {
  fitTables();
  window.addEventListener('resize', fitTables);
}
