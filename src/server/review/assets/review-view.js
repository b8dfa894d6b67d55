import { vocabulary } from '/review/assets/vocabulary.js';

// Rendering for the review desk. Every piece of text from the server (article text, names, quotes)
// reaches the page as a text node or through textContent, never as markup: article text comes from the
// web and must stay inert.

/** Makes an element with attributes and children (strings become text nodes). */
export function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === null || value === false) continue;
    if (name === 'text') node.textContent = value;
    else node.setAttribute(name, value === true ? '' : String(value));
  }
  for (const child of children)
    node.append(typeof child === 'string' ? document.createTextNode(child) : child);
  return node;
}

/** The direction of a text in a language: Arabic and Hebrew run right to left. */
export function directionOf(language) {
  return /^(ar|he|fa|ur)\b/i.test(language ?? '') ? 'rtl' : 'auto';
}

/**
 * The article's text with the candidate's quotes marked, by their offsets. Overlapping quotes merge into
 * one mark; a quote whose offsets do not match the text (it should not happen) is left unmarked.
 */
export function renderArticleBody(container, body, quotes, language) {
  container.replaceChildren();
  container.setAttribute('lang', language || 'und');
  container.setAttribute('dir', directionOf(language));
  const ranges = quotes
    .filter((q) => body.slice(q.startOffset, q.endOffset) === q.text)
    .map((q) => [q.startOffset, q.endOffset])
    .sort((a, b) => a[0] - b[0]);
  const merged = [];
  for (const range of ranges) {
    const last = merged[merged.length - 1];
    if (last && range[0] <= last[1]) last[1] = Math.max(last[1], range[1]);
    else merged.push([...range]);
  }
  let at = 0;
  const paragraph = () => el('p');
  let current = paragraph();
  container.append(current);
  // Paragraphs at blank lines, so that long articles stay readable; marks never span one.
  const appendText = (text, marked, start) => {
    const parts = text.split(/\n\s*\n/);
    parts.forEach((part, index) => {
      if (index > 0) {
        current = paragraph();
        container.append(current);
      }
      if (!part) return;
      current.append(
        marked ? el('mark', { 'data-start': start, text: part }) : document.createTextNode(part),
      );
    });
  };
  for (const [start, end] of merged) {
    if (start > at) appendText(body.slice(at, start), false);
    appendText(body.slice(start, end), true, start);
    at = end;
  }
  if (at < body.length) appendText(body.slice(at), false);
}

/** Fills a select with values (and labels), keeping `selected` chosen. */
export function fillSelect(select, values, selected, labelOf = (value) => value) {
  select.replaceChildren(
    ...values.map((value) => el('option', { value, selected: value === selected, text: labelOf(value) })),
  );
}

// ATTENDEE first: the role a quote need not state.
const ROLES = ['ATTENDEE', ...vocabulary.ParticipantRole.filter((role) => role !== 'ATTENDEE')];

/** A shortened quote for a select's option. */
function quoteLabel(quote) {
  const text = quote.text.length > 70 ? `${quote.text.slice(0, 70)}…` : quote.text;
  return `${text} (at ${quote.startOffset})`;
}

/**
 * One participant's row: actor, role, and the quote that states the role (chosen among the candidate's
 * quotes). `row.quote` is the index of the chosen quote, or -1 for none; `onChange` gets what changed.
 */
export function participantRow(row, index, quotes, onChange, onRemove) {
  const name = row.actor.nameAr ? `${row.actor.name} · ${row.actor.nameAr}` : row.actor.name;
  const role = el('select', { id: `role-${index}`, 'aria-label': `Role of ${row.actor.name}` });
  fillSelect(role, ROLES, row.role, (value) => value.toLowerCase().replace('_', ' '));
  role.addEventListener('change', () => onChange({ role: role.value }));
  const quote = el('select', {
    id: `quote-${index}`,
    'aria-label': `Quote that states the role of ${row.actor.name}`,
    dir: 'auto',
  });
  quote.append(el('option', { value: '-1', text: 'No quote (attendee only)' }));
  quotes.forEach((q, quoteIndex) =>
    quote.append(
      el('option', { value: quoteIndex, selected: quoteIndex === row.quote, text: quoteLabel(q) }),
    ),
  );
  quote.addEventListener('change', () => onChange({ quote: Number(quote.value) }));
  const remove = el('button', { type: 'button', text: 'Remove', 'aria-label': `Remove ${row.actor.name}` });
  remove.addEventListener('click', onRemove);
  return el(
    'tr',
    { 'data-actor': row.actor.id },
    el('td', { dir: 'auto', text: name }),
    el('td', {}, role),
    el('td', {}, quote),
    el('td', {}, remove),
  );
}

/** One queue entry: a button that opens the candidate. */
export function queueItem(candidate, selected, onOpen) {
  const button = el(
    'button',
    { type: 'button', class: 'queue-item', 'aria-current': selected ? 'true' : false },
    el('span', { class: 'kind', text: candidate.kind.toLowerCase() }),
    el('span', { class: 'summary', dir: 'auto', text: candidate.summary }),
    el('span', { class: 'source', dir: 'auto', text: candidate.article.source }),
  );
  button.addEventListener('click', onOpen);
  return el('li', { 'data-id': candidate.id, 'data-version': candidate.version }, button);
}
