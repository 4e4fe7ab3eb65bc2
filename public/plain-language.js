// Plain-language advice as people write: progressive enhancement only. Each box marked
// data-plain-language is checked against the partnership's word list when the person pauses
// typing, and the advice is shown in its form's live region (aria-live="polite"). It never
// stops anyone saving. Without this file, the form's "Check the wording" button does the same.

const PAUSE_MS = 700;

/** One element with its text set as text, never as markup: the words are the person's own. */
const el = (tag, className, text) => {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
};

const labelOf = (box) =>
  (document.querySelector(`label[for="${CSS.escape(box.id)}"]`)?.textContent ?? '').trim();

function render(live, label, advice) {
  const parts = [el('h2', 'govuk-heading-s', `Plain language advice: ${label}`)];
  if (advice.flags.length) {
    parts.push(
      el('p', 'govuk-body', 'A family may find some of these words hard to follow, or hurtful:'),
    );
    const list = el('ul', 'govuk-list govuk-list--bullet');
    for (const f of advice.flags) {
      const item = el('li');
      item.append(
        el('strong', '', `“${f.found}”`),
        ` (${f.kind === 'label' ? 'describes a person by their behaviour' : 'service jargon'}): ${f.suggestion}`,
      );
      list.append(item);
    }
    parts.push(list);
  } else {
    parts.push(el('p', 'govuk-body', 'No jargon or labels found.'));
  }
  const score = advice.readability.score;
  parts.push(
    el(
      'p',
      'govuk-body',
      `Reading ease: ${score === null ? '' : `${score} out of 100. `}${advice.readability.meaning}`,
    ),
  );
  live.classList.add('govuk-inset-text');
  live.replaceChildren(...parts);
}

for (const box of document.querySelectorAll('[data-plain-language]')) {
  const form = box.form;
  const live = form?.querySelector('[data-wording-live]');
  const token = form?.querySelector('input[name="_csrf"]')?.value ?? '';
  if (!form || !live) continue;
  let timer;
  let pending;
  let shown = '';
  const check = async () => {
    const text = box.value;
    if (!text.trim()) return;
    pending?.abort();
    pending = new AbortController();
    try {
      const response = await fetch('/plain-language/check', {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'csrf-token': token },
        body: JSON.stringify({ text }),
        credentials: 'same-origin',
        signal: pending.signal,
      });
      if (!response.ok) return; // advice only: a failed check changes nothing
      const advice = await response.json();
      const now = JSON.stringify([box.name, advice]);
      if (now === shown) return; // the same advice again: nothing new to announce
      shown = now;
      // Advice from an earlier "Check the wording" is about words that have since changed.
      document.getElementById('plain-language-advice')?.setAttribute('hidden', '');
      render(live, labelOf(box), advice);
    } catch {
      // Offline, or overtaken by newer typing: the next pause tries again.
    }
  };
  box.addEventListener('input', () => {
    clearTimeout(timer);
    timer = setTimeout(check, PAUSE_MS);
  });
}
