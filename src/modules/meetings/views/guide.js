/* global document, localStorage, URLSearchParams, FormData, fetch, setTimeout, clearTimeout, setInterval */
// The facilitation guide's enhancement: while people talk, drafts are saved every few seconds
// to the server (the same form post, with go=stay) and to this browser's storage. If the
// connection drops or the session ends, what was typed is kept here and put back when the
// question is opened again. Without JavaScript the guide still saves on every Next/Previous.
const form = document.getElementById('guide-form');
const status = document.getElementById('guide-status');
if (form && status) {
  const key = `dw-guide:${form.dataset.meeting}:${form.dataset.question}`;
  const boxes = [...form.querySelectorAll('textarea[name^="answer-"]')];
  const current = () => Object.fromEntries(boxes.map((b) => [b.name, b.value]));
  // The answers as the service gave them with this page: a draft records what it started from.
  const served = Object.fromEntries(boxes.map((b) => [b.name, b.defaultValue]));
  const say = (text) => (status.textContent = text);

  // Put back a draft this browser kept that the service never got, but only over the answer the
  // draft started from: an answer changed since (on another device, by someone else) is newer.
  try {
    const draft = JSON.parse(localStorage.getItem(key) ?? 'null');
    if (draft && draft.answers) {
      let restored = false;
      let newer = false;
      for (const b of boxes) {
        const kept = draft.answers[b.name];
        if (typeof kept !== 'string' || kept === b.value) continue;
        const from = draft.from ? draft.from[b.name] : b.value;
        if (from === b.value) {
          b.value = kept;
          restored = true;
        } else newer = true;
      }
      if (restored) say('What you typed before has been put back. It is saved when you go on.');
      else if (newer)
        say(
          'An answer was changed since you last typed here, so your earlier draft was not put back.',
        );
      if (!restored) localStorage.removeItem(key);
    }
  } catch {
    localStorage.removeItem(key);
  }

  let last = JSON.stringify(current());
  let timer = null;
  const keepLocally = () => {
    try {
      localStorage.setItem(
        key,
        JSON.stringify({ answers: current(), from: served, at: Date.now() }),
      );
    } catch {
      /* storage full or blocked: the server copy still works */
    }
  };
  const saveToServer = async () => {
    const now = JSON.stringify(current());
    if (now === last) return;
    const body = new URLSearchParams(new FormData(form));
    body.set('go', 'stay');
    try {
      const res = await fetch(form.action, {
        method: 'POST',
        headers: { 'x-autosave': '1', 'content-type': 'application/x-www-form-urlencoded' },
        body,
        credentials: 'same-origin',
      });
      if (res.ok) {
        last = now;
        localStorage.removeItem(key);
        say('Draft saved.');
      } else if (res.status === 401) {
        say(
          'You have been signed out. What you typed is kept on this device: sign in again to save it.',
        );
      } else {
        say('The draft could not be saved to the service. It is kept on this device.');
      }
    } catch {
      say('No connection. What you typed is kept on this device and saved when you go on.');
    }
  };
  form.addEventListener('input', () => {
    keepLocally();
    clearTimeout(timer);
    timer = setTimeout(saveToServer, 3000);
  });
  setInterval(saveToServer, 10000);
}
