// Live ticker: backfills the latest developments, then follows the live log over graphql-ws (falling back
// to server-sent events), resuming from the last cursor after any reconnect. No framework; all user text
// goes through textContent or attributes, never innerHTML.
import { subscribeSse, subscribeWs } from '/ticker/assets/transports.js';

const KIND_LABELS = {
  MEETING_HELD: 'Meeting held',
  MEETING_PLANNED: 'Meeting planned',
  PROPOSAL_TABLED: 'Proposal tabled',
  PROPOSAL_ACCEPTED: 'Proposal accepted',
  PROPOSAL_REJECTED: 'Proposal rejected',
  TALKS_SUSPENDED: 'Talks suspended',
  TALKS_RESUMED: 'Talks resumed',
  RELEASE_OR_EXCHANGE: 'Release or exchange',
  SAFE_PASSAGE: 'Safe passage',
  STATEMENT: 'Statement',
};
const CHANGE_LABELS = { NEW: 'New', UPDATE: 'Update', CORRECTION: 'Correction', RETRACTION: 'Retraction' };
const BACKFILL = 20;
const MAX_ITEMS = 100;
// The log starts at sequence 1; this is the cursor before it (used when a filter matches nothing yet).
const START_CURSOR = 'ZGV2ZWxvcG1lbnQ6MA';

const ITEM = /* GraphQL */ `
  fragment TickerItem on Development {
    cursor
    sequence
    kind
    change
    summary
    occurredAt
    occurredAtPrecision
    reportedAt
    revises {
      sequence
    }
    actors {
      id
      name
      nameAr
    }
    evidence {
      quote
      article {
        url
        title
        source
        language
      }
    }
  }
`;
const BACKFILL_QUERY = `query TickerBackfill($filter: DevelopmentFilter) {
  developments(last: ${BACKFILL}, filter: $filter) { edges { cursor node { ...TickerItem } } }
}${ITEM}`;
const LIVE_SUBSCRIPTION = `subscription TickerLive($filter: DevelopmentFilter, $after: String) {
  developments(filter: $filter, after: $after) { ...TickerItem }
}${ITEM}`;
const ACTORS_QUERY = `query TickerActors { actors(first: 100) { edges { node { id name nameAr } } } }`;

const $ = (id) => document.getElementById(id);
const feed = $('feed');
const params = new URLSearchParams(location.search);
const endpoint = new URL('/graphql', location.href);

const state = {
  transport: params.get('transport') === 'sse' ? 'sse' : 'ws',
  wsFailures: 0,
  items: new Map(),
  cursor: null,
  lastSequence: 0,
  generation: 0,
  current: null,
  stop: null,
  retryTimer: null,
  retryDelay: 500,
  received: 0,
};

const relative = new Intl.RelativeTimeFormat('en', { numeric: 'auto' });
const absolute = new Intl.DateTimeFormat('en-GB', {
  dateStyle: 'medium',
  timeStyle: 'short',
  timeZone: 'UTC',
});
const dayOnly = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeZone: 'UTC' });

function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes))
    if (value !== undefined && value !== null && value !== false) node.setAttribute(name, String(value));
  for (const child of children)
    if (child !== null && child !== undefined) node.append(child instanceof Node ? child : String(child));
  return node;
}

function setStatus(stateName, text) {
  $('status').dataset.state = stateName;
  $('status-text').textContent = text;
}

function announce(text) {
  const line = el('p', {}, text);
  const announcer = $('announcer');
  announcer.append(line);
  while (announcer.childElementCount > 5) announcer.firstElementChild.remove();
}

function timeAgo(date) {
  const seconds = (date.getTime() - Date.now()) / 1000;
  const units = [
    ['year', 31536000],
    ['month', 2592000],
    ['week', 604800],
    ['day', 86400],
    ['hour', 3600],
    ['minute', 60],
  ];
  for (const [unit, size] of units)
    if (Math.abs(seconds) >= size) return relative.format(Math.round(seconds / size), unit);
  return relative.format(Math.round(seconds), 'second');
}

const monthOnly = new Intl.DateTimeFormat('en-GB', { month: 'long', year: 'numeric', timeZone: 'UTC' });

function approximate(date, precision) {
  if (precision === 'YEAR') return String(date.getUTCFullYear());
  if (precision === 'MONTH') return monthOnly.format(date);
  if (precision === 'WEEK') return `week of ${dayOnly.format(date)}`;
  return dayOnly.format(date);
}

/** A <time> element: relative for exact instants (with the absolute UTC time beside it), else as precise as known. */
function timeElement(iso, label, precision = 'EXACT') {
  const date = new Date(iso);
  const exact = precision === 'EXACT';
  const text = exact ? `${absolute.format(date)} UTC` : approximate(date, precision);
  const time = el(
    'time',
    { datetime: iso, 'data-relative': exact ? '' : null, title: text },
    exact ? timeAgo(date) : text,
  );
  return el(
    'span',
    { class: 'when' },
    `${label} `,
    time,
    exact ? el('span', { class: 'absolute' }, ` (${text})`) : null,
  );
}

function safeUrl(value) {
  try {
    const url = new URL(value);
    return url.protocol === 'https:' || url.protocol === 'http:' ? url : null;
  } catch {
    return null;
  }
}

function quoteLink(url, quote) {
  const words = quote.trim().split(/\s+/);
  const fragment =
    words.length > 8
      ? `${encodeURIComponent(words.slice(0, 4).join(' '))},${encodeURIComponent(words.slice(-4).join(' '))}`
      : encodeURIComponent(words.join(' '));
  return `${url.href.split('#')[0]}#:~:text=${fragment}`;
}

/** One figure per article: its quotes (Arabic, right to left), then where they come from. */
function renderSource(article, quotes) {
  const url = safeUrl(article.url);
  const language = /^[a-z]{2,3}(-[A-Za-z0-9]+)*$/.test(article.language ?? '') ? article.language : 'ar';
  const title = el('bdi', { lang: language, dir: 'auto' }, article.title);
  const caption = el(
    'figcaption',
    {},
    'Source: ',
    url
      ? el('a', { href: url.href, hreflang: language, rel: 'noopener noreferrer', target: '_blank' }, title)
      : title,
    article.source
      ? el('span', { class: 'outlet' }, ' · ', el('bdi', { dir: 'auto' }, article.source))
      : null,
  );
  if (url) {
    quotes.forEach((quote, index) => {
      const label = quotes.length > 1 ? `Jump to quote ${index + 1}` : 'Jump to quote';
      caption.append(
        ' · ',
        el('a', { href: quoteLink(url, quote), rel: 'noopener noreferrer', target: '_blank' }, label),
      );
    });
  } else {
    caption.append(' · ', el('code', { class: 'url', dir: 'ltr' }, article.url));
  }
  const blockquotes = quotes.map((quote) =>
    el('blockquote', { lang: 'ar', dir: 'rtl', cite: url?.href }, quote),
  );
  return el('figure', { class: 'evidence' }, ...blockquotes, caption);
}

function renderSources(evidence) {
  const byArticle = new Map();
  for (const item of evidence.slice(0, 4)) {
    const entry = byArticle.get(item.article.url) ?? { article: item.article, quotes: [] };
    entry.quotes.push(item.quote);
    byArticle.set(item.article.url, entry);
  }
  return [...byArticle.values()].map((entry) => renderSource(entry.article, entry.quotes));
}

function renderItem(node) {
  const id = `development-${node.sequence}`;
  const change = CHANGE_LABELS[node.change] ?? node.change;
  const head = el(
    'header',
    { class: 'item-head' },
    el('span', { class: `badge badge-${String(node.change).toLowerCase()}` }, change),
    el('h3', { class: 'kind', id: `${id}-title` }, KIND_LABELS[node.kind] ?? node.kind),
    el(
      'span',
      { class: 'sequence' },
      `#${node.sequence}`,
      node.revises ? ` · revises #${node.revises.sequence}` : '',
    ),
  );
  const meta = el('p', { class: 'meta' }, timeElement(node.reportedAt, 'Reported'));
  if (node.occurredAt)
    meta.append(
      el('span', { class: 'separator', 'aria-hidden': 'true' }, ' · '),
      timeElement(node.occurredAt, 'Happened', node.occurredAtPrecision),
    );
  const children = [head, el('p', { class: 'summary', dir: 'auto' }, node.summary), meta];
  if (node.actors.length) {
    const actors = el('ul', { class: 'actors', 'aria-label': 'Actors' });
    for (const actor of node.actors) {
      actors.append(
        el(
          'li',
          {},
          el('bdi', {}, actor.name),
          actor.nameAr ? el('bdi', { class: 'name-ar', lang: 'ar', dir: 'rtl' }, actor.nameAr) : null,
        ),
      );
    }
    children.push(actors);
  }
  children.push(...renderSources(node.evidence));
  return el(
    'li',
    { class: `item change-${String(node.change).toLowerCase()}`, id, 'data-sequence': node.sequence },
    el('article', { 'aria-labelledby': `${id}-title` }, ...children),
  );
}

/** Adds an entry once, keyed by its sequence, newest first. */
function add(node, live) {
  if (state.items.has(node.sequence)) return;
  const item = renderItem(node);
  const later = [...state.items.keys()]
    .filter((sequence) => sequence > node.sequence)
    .sort((a, b) => a - b)[0];
  const before = later === undefined ? feed.firstElementChild : state.items.get(later).nextElementSibling;
  feed.insertBefore(item, before);
  state.items.set(node.sequence, item);
  if (node.sequence > state.lastSequence) {
    state.lastSequence = node.sequence;
    state.cursor = node.cursor;
  }
  if (live) {
    state.received += 1;
    item.classList.add('fresh');
    announce(
      `${CHANGE_LABELS[node.change] ?? node.change}: ${KIND_LABELS[node.kind] ?? node.kind}. ${node.summary}`,
    );
  }
  while (state.items.size > MAX_ITEMS) {
    const oldest = Math.min(...state.items.keys());
    state.items.get(oldest).remove();
    state.items.delete(oldest);
  }
  $('empty').hidden = state.items.size > 0;
}

async function graphql(query, variables) {
  const response = await fetch(endpoint, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      accept: 'application/graphql-response+json, application/json',
    },
    body: JSON.stringify({ query, variables }),
  });
  const body = await response.json().catch(() => null);
  if (!body?.data) throw new Error(body?.errors?.[0]?.message ?? `HTTP ${response.status}`);
  return body.data;
}

function filterVariable() {
  const actor = $('actor-filter').value;
  const kind = $('kind-filter').value;
  const filter = {};
  if (actor) filter.actorIds = [actor];
  if (kind) filter.kinds = [kind];
  return Object.keys(filter).length ? filter : null;
}

function subscribe(generation) {
  const token = {};
  state.current = token;
  const transport = state.transport;
  const label = transport === 'ws' ? 'WebSocket' : 'server-sent events';
  const mine = () => state.current === token && state.generation === generation;
  let rejected = false;
  // Bad input (an unknown actor, say) will not get better by retrying; an outage will.
  const refuse = (errors) => {
    const code = errors[0]?.extensions?.code;
    if (code === 'SERVICE_UNAVAILABLE' || code === 'INTERNAL_SERVER_ERROR' || code === 'RATE_LIMITED')
      return reconnectLater(generation);
    rejected = true;
    setStatus('error', `The server refused the live feed: ${errors[0]?.message ?? 'unknown error'}`);
  };
  setStatus('connecting', `Connecting (${label})…`);
  const sink = {
    open() {
      if (!mine()) return;
      state.retryDelay = 500;
      if (transport === 'ws') state.wsFailures = 0;
      setStatus('live', `Live (${label})`);
    },
    next(result) {
      if (!mine()) return;
      if (result.data?.developments) add(result.data.developments, true);
      else if (result.errors?.length) refuse(result.errors);
    },
    error(error, connected) {
      if (!mine()) return;
      if (Array.isArray(error)) return refuse(error);
      if (transport === 'ws' && !connected && ++state.wsFailures >= 2) state.transport = 'sse';
      reconnectLater(generation);
    },
    complete() {
      if (mine() && !rejected) reconnectLater(generation);
    },
  };
  const variables = { filter: filterVariable(), after: state.cursor };
  const request = { endpoint, query: LIVE_SUBSCRIPTION, variables };
  state.stop = transport === 'ws' ? subscribeWs(request, sink) : subscribeSse(request, sink);
}

function stopLive() {
  state.current = null;
  clearTimeout(state.retryTimer);
  state.stop?.();
  state.stop = null;
}

function reconnectLater(generation) {
  stopLive();
  const delay = state.retryDelay;
  state.retryDelay = Math.min(state.retryDelay * 2, 15_000);
  setStatus('reconnecting', `Connection lost; reconnecting in ${Math.round(delay / 1000) || 1} s…`);
  state.retryTimer = setTimeout(() => {
    if (generation === state.generation) subscribe(generation);
  }, delay);
}

/** Re-reads the latest entries for the current filter, then follows the live log from there. */
async function start() {
  const generation = ++state.generation;
  stopLive();
  state.items.clear();
  state.cursor = null;
  state.lastSequence = 0;
  feed.replaceChildren();
  feed.setAttribute('aria-busy', 'true');
  setStatus('connecting', 'Loading the latest developments…');
  let edges;
  try {
    edges = (await graphql(BACKFILL_QUERY, { filter: filterVariable() })).developments.edges;
  } catch (error) {
    if (generation !== state.generation) return;
    setStatus('error', `Could not load developments (${error.message}); retrying…`);
    const delay = state.retryDelay;
    state.retryDelay = Math.min(delay * 2, 15_000);
    state.retryTimer = setTimeout(() => generation === state.generation && start(), delay);
    return;
  }
  if (generation !== state.generation) return;
  for (const edge of edges) add(edge.node, false);
  state.cursor = edges.at(-1)?.cursor ?? START_CURSOR;
  feed.setAttribute('aria-busy', 'false');
  $('empty').hidden = state.items.size > 0;
  subscribe(generation);
}

async function loadActors() {
  const select = $('actor-filter');
  try {
    const data = await graphql(ACTORS_QUERY, {});
    const actors = data.actors.edges.map((edge) => edge.node).sort((a, b) => a.name.localeCompare(b.name));
    for (const actor of actors)
      select.append(
        el('option', { value: actor.id }, actor.nameAr ? `${actor.name} — ${actor.nameAr}` : actor.name),
      );
  } catch {
    select.disabled = true;
  }
}

function fillKinds() {
  const select = $('kind-filter');
  for (const [value, label] of Object.entries(KIND_LABELS)) select.append(el('option', { value }, label));
}

function refreshTimes() {
  for (const time of feed.querySelectorAll('time[data-relative]'))
    time.textContent = timeAgo(new Date(time.getAttribute('datetime')));
}

fillKinds();
for (const id of ['actor-filter', 'kind-filter']) $(id).addEventListener('change', () => void start());
setInterval(refreshTimes, 30_000);

// A small handle for tests and the curious: the transport in use, and the reconnect path.
window.ticker = {
  get transport() {
    return state.transport;
  },
  get cursor() {
    return state.cursor;
  },
  get received() {
    return state.received;
  },
  get sequences() {
    return [...state.items.keys()].sort((a, b) => a - b);
  },
  /** Drops the live connection and resumes from the last cursor, as after a network failure. */
  reconnect() {
    reconnectLater(state.generation);
  },
};

await loadActors();
await start();
