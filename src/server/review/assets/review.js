// Review desk: the queue of candidates, each inside its article with its quotes marked, the proposed
// fields to edit, and accept / save / reject by one key each. Live: another editor's decisions reach
// the queue over graphql-ws. No framework, no innerHTML (see review-view.js).
import { ApiError, follow, graphql } from '/review/assets/review-api.js';
import { vocabulary } from '/review/assets/vocabulary.js';
import { el, fillSelect, participantRow, queueItem, renderArticleBody } from '/review/assets/review-view.js';

const KEY_STORAGE = 'review-desk-key';
// Served by the server from the generated enums (src/server/review/index.ts).
const DEVELOPMENT_KINDS = vocabulary.DevelopmentKind;
const MEETING_STATUSES = vocabulary.MeetingStatus;
const PRECISIONS = vocabulary.DatePrecision;

const QUEUE_QUERY = `query ReviewQueue($kind: CandidateKind, $source: String) {
  candidates(newestFirst: true, first: 100, kind: $kind, source: $source) {
    totalCount
    edges { node { id kind summary version article { source } } }
  }
}`;
const SOURCES_QUERY = `query ReviewSources { candidates(newestFirst: true, first: 100) { edges { node { article { source } } } } }`;
const DETAIL_QUERY = `query ReviewCandidate($id: ID!) {
  node(id: $id) {
    ... on Candidate {
      id kind developmentKind summary status version confidence editedBy editedAt
      quotes { text startOffset endOffset article { id } }
      article { id title body source language url publishedAt }
      actors { id name nameAr }
      proposedMeeting {
        status occurredAt occurredAtPrecision city
        participants { role actor { id name nameAr } evidence { text startOffset article { id } } }
      }
    }
  }
}`;
const ACTOR_SEARCH = `query ReviewActors($search: String) { actors(first: 10, search: $search) { edges { node { id name nameAr } } } }`;
const RESULT = `{ id status version reviewedBy }`;
const ACCEPT = `mutation ReviewAccept($input: AcceptCandidateInput!) { acceptCandidate(input: $input) ${RESULT} }`;
const SAVE = `mutation ReviewSave($input: EditCandidateInput!) { editCandidate(input: $input) ${RESULT} }`;
const REJECT = `mutation ReviewReject($input: RejectCandidateInput!) { rejectCandidate(input: $input) ${RESULT} }`;
const CHANGES = `subscription ReviewChanges { candidateChanges { id status version reviewedBy editedBy } }`;

const $ = (id) => document.getElementById(id);
const state = {
  key: sessionStorage.getItem(KEY_STORAGE),
  queue: [],
  selected: null,
  detail: null,
  participants: [],
  choices: [],
  stopLive: null,
  refetch: null,
  // Versions this page wrote itself: their live echoes are not news.
  own: new Set(),
};
// For tests: how the page stands.
window.reviewDesk = state;

function setStatus(stateName, text) {
  $('status').dataset.state = stateName;
  $('status').textContent = text;
}
function announce(text) {
  $('announcer').textContent = text;
}
function notice(text) {
  $('notice').textContent = text;
}

// --- signing in -----------------------------------------------------------------------------------

function showSignIn(message = '') {
  state.stopLive?.();
  state.stopLive = null;
  $('desk').hidden = true;
  $('key-form').hidden = false;
  $('key-error').textContent = message;
  setStatus('signed-out', 'Not signed in');
  $('key-input').focus();
}

$('key-form').addEventListener('submit', (event) => {
  event.preventDefault();
  const key = $('key-input').value.trim();
  if (!key) return;
  state.key = key;
  sessionStorage.setItem(KEY_STORAGE, key);
  $('key-input').value = '';
  void start();
});
$('sign-out').addEventListener('click', () => {
  sessionStorage.removeItem(KEY_STORAGE);
  state.key = null;
  showSignIn();
});

async function start() {
  try {
    await loadQueue();
  } catch (error) {
    if (error instanceof ApiError && ['UNAUTHENTICATED', 'FORBIDDEN'].includes(error.code)) {
      sessionStorage.removeItem(KEY_STORAGE);
      state.key = null;
      return showSignIn(`That key cannot review: ${error.message}`);
    }
    throw error;
  }
  $('key-form').hidden = true;
  $('desk').hidden = false;
  void loadSources();
  state.stopLive = follow(state.key, CHANGES, {
    onConnected: () => {
      setStatus('live', 'Live: decisions by other editors appear here');
      scheduleRefetch();
    },
    onNext: (data) => onChange(data.candidateChanges),
    onError: (error) =>
      setStatus('reconnecting', `Live updates interrupted (${error.message}); reconnecting…`),
  });
  if (!state.selected && state.queue.length) await open(state.queue[0].id);
  else $('queue').focus();
}

// --- the queue ------------------------------------------------------------------------------------

async function loadQueue() {
  const kind = $('kind-filter').value || null;
  const source = $('source-filter').value || null;
  const data = await graphql(state.key, QUEUE_QUERY, { kind, source });
  state.queue = data.candidates.edges.map((edge) => edge.node);
  $('queue-count').textContent = `(${data.candidates.totalCount})`;
  renderQueue();
}

async function loadSources() {
  const data = await graphql(state.key, SOURCES_QUERY);
  const current = $('source-filter').value;
  const sources = [...new Set(data.candidates.edges.map((edge) => edge.node.article.source))].sort();
  if (current && !sources.includes(current)) sources.push(current);
  fillSelect($('source-filter'), ['', ...sources], current, (value) => value || 'All sources');
}

function renderQueue() {
  $('queue').replaceChildren(
    ...state.queue.map((candidate) =>
      queueItem(candidate, candidate.id === state.selected, () => void open(candidate.id)),
    ),
  );
  $('empty').hidden = state.queue.length > 0;
}

function scheduleRefetch() {
  clearTimeout(state.refetch);
  state.refetch = setTimeout(() => {
    void loadQueue().catch((error) => notice(error.message));
    void loadSources().catch(() => {});
  }, 50);
}

for (const id of ['kind-filter', 'source-filter'])
  $(id).addEventListener('change', async () => {
    await loadQueue();
    // The open candidate stays open while the filter still shows it; otherwise the queue's first opens.
    if (state.queue.some((c) => c.id === state.selected)) return;
    if (state.queue.length) await open(state.queue[0].id);
    else clearDetail();
  });

/** Another editor (or this one, in another tab) changed a candidate. */
function onChange(change) {
  if (!change) return scheduleRefetch();
  const mine = state.own.has(`${change.id}:${change.version}`);
  if (!mine && change.id === state.selected && change.version !== state.detail?.version) {
    if (change.status !== 'NEEDS_REVIEW') {
      notice(
        `${change.reviewedBy ?? 'Another editor'} ${change.status.toLowerCase()} this candidate meanwhile.`,
      );
      clearDetail(false);
    } else {
      notice(`${change.editedBy ?? 'Another editor'} edited this candidate; it was reloaded.`);
      void open(change.id, false);
    }
  } else if (!mine && change.status !== 'NEEDS_REVIEW') {
    announce(`A candidate was ${change.status.toLowerCase()} by ${change.reviewedBy ?? 'another editor'}.`);
  }
  scheduleRefetch();
}

// --- one candidate --------------------------------------------------------------------------------

function clearDetail(clearNotice = true) {
  state.selected = null;
  state.detail = null;
  $('detail').hidden = true;
  if (clearNotice) notice('');
  renderQueue();
}

async function open(id, clearNotice = true) {
  const data = await graphql(state.key, DETAIL_QUERY, { id });
  const candidate = data.node;
  if (!candidate || candidate.status !== 'NEEDS_REVIEW') {
    clearDetail();
    return;
  }
  if (clearNotice) notice('');
  state.selected = id;
  state.detail = candidate;
  renderQueue();
  const { article } = candidate;
  $('detail-meta').textContent =
    `${candidate.kind.toLowerCase()} · confidence ${candidate.confidence.toFixed(2)} · version ${candidate.version}${candidate.editedBy ? ` · edited by ${candidate.editedBy}` : ''}`;
  $('article-title').textContent = article.title;
  $('article-source').textContent =
    `${article.source}${article.publishedAt ? ` · ${article.publishedAt.slice(0, 10)}` : ''}`;
  const quotes = candidate.quotes.filter((q) => q.article.id === article.id);
  renderArticleBody($('article-body'), article.body, quotes, article.language);
  $('summary').value = candidate.summary;
  fillSelect($('development-kind'), DEVELOPMENT_KINDS, candidate.developmentKind);
  const meeting = candidate.proposedMeeting;
  $('meeting-fields').hidden = !meeting;
  if (meeting) {
    fillSelect($('status-field'), MEETING_STATUSES, meeting.status);
    $('date-field').value = meeting.occurredAt ? meeting.occurredAt.slice(0, 10) : '';
    fillSelect($('precision-field'), PRECISIONS, meeting.occurredAtPrecision);
    $('city-field').value = meeting.city ?? '';
    state.choices = quoteChoices(candidate);
    state.participants = meeting.participants.map((p) => ({
      actor: p.actor,
      role: p.role,
      quote: p.evidence.length
        ? state.choices.findIndex(
            (q) => q.startOffset === p.evidence[0].startOffset && q.article.id === p.evidence[0].article.id,
          )
        : -1,
    }));
    renderParticipants();
  }
  $('detail').hidden = false;
}

/**
 * The quotes an editor may give for a role: the candidate's own, then every other sentence of its
 * article (a role is often stated in a sentence the extractor did not use).
 */
function quoteChoices(candidate) {
  const { article } = candidate;
  const own = candidate.quotes.filter((q) => q.article.id === article.id);
  const sentences = [];
  for (const match of article.body.matchAll(/[^\n.!?؟]+[.!?؟]?/gu)) {
    const text = match[0].trim();
    if (text.length < 12) continue;
    const startOffset = match.index + match[0].indexOf(text);
    if (own.some((q) => startOffset < q.endOffset && q.startOffset < startOffset + text.length)) continue;
    sentences.push({ text, startOffset, endOffset: startOffset + text.length, article: { id: article.id } });
  }
  return [...own, ...sentences];
}

function renderParticipants() {
  const quotes = state.choices;
  $('participants').replaceChildren(
    ...state.participants.map((row, index) =>
      participantRow(
        row,
        index,
        quotes,
        (patch) => {
          state.participants[index] = { ...state.participants[index], ...patch };
        },
        () => {
          state.participants.splice(index, 1);
          renderParticipants();
        },
      ),
    ),
  );
}

// Actor search: a datalist of matches; "Add" takes the one whose label was typed or picked.
let actorMatches = [];
$('actor-search').addEventListener('input', async () => {
  const search = $('actor-search').value.trim();
  if (search.length < 2) return;
  const data = await graphql(state.key, ACTOR_SEARCH, { search });
  actorMatches = data.actors.edges.map((edge) => edge.node);
  $('actor-results').replaceChildren(
    ...actorMatches.map((actor) => el('option', { value: actor.name, text: actor.nameAr ?? actor.name })),
  );
});
$('add-participant').addEventListener('click', () => {
  const typed = $('actor-search').value.trim();
  const actor = actorMatches.find((a) => a.name === typed || a.nameAr === typed) ?? actorMatches[0];
  if (!actor || state.participants.some((p) => p.actor.id === actor.id)) return;
  state.participants.push({ actor, role: 'ATTENDEE', quote: -1 });
  $('actor-search').value = '';
  renderParticipants();
});

// --- decisions ------------------------------------------------------------------------------------

function evidenceOf(row) {
  const quote = state.choices[row.quote];
  return quote ? [{ articleId: quote.article.id, quote: quote.text, startOffset: quote.startOffset }] : [];
}

function commonEdits() {
  const candidate = state.detail;
  const edits = { id: candidate.id, expectedVersion: candidate.version };
  const summary = $('summary').value.trim();
  if (summary && summary !== candidate.summary) edits.summary = summary;
  if ($('development-kind').value !== candidate.developmentKind)
    edits.developmentKind = $('development-kind').value;
  return edits;
}

/** What accept and save send: the common edits and, for a proposed meeting, its fields as shown. */
function acceptInput() {
  const input = commonEdits();
  if (state.detail.proposedMeeting) {
    input.status = $('status-field').value;
    input.occurredAt = $('date-field').value || null;
    input.occurredAtPrecision = $('precision-field').value;
    input.city = $('city-field').value.trim() || null;
    input.participants = state.participants.map((row) => ({
      actorId: row.actor.id,
      role: row.role,
      evidence: evidenceOf(row),
    }));
  }
  return input;
}

async function decide(action) {
  if (!state.detail) return;
  const [document, input, field, verb] =
    action === 'accept'
      ? [ACCEPT, acceptInput(), 'acceptCandidate', 'Accepted']
      : action === 'reject'
        ? [
            REJECT,
            { id: state.detail.id, expectedVersion: state.detail.version },
            'rejectCandidate',
            'Rejected',
          ]
        : [SAVE, acceptInput(), 'editCandidate', 'Saved'];
  // What this page is about to write; its live echo is not another editor's news.
  state.own.add(`${state.detail.id}:${state.detail.version + 1}`);
  try {
    const result = (await graphql(state.key, document, { input }))[field];
    announce(`${verb}.`);
    notice('');
    const index = state.queue.findIndex((c) => c.id === result.id);
    if (result.status === 'NEEDS_REVIEW') return void (await open(result.id));
    state.queue.splice(index, 1);
    const next = state.queue[Math.min(index, state.queue.length - 1)];
    if (next) await open(next.id);
    else clearDetail();
    scheduleRefetch();
  } catch (error) {
    notice(error.code === 'CONFLICT' ? `Not saved: ${error.message}` : `Error: ${error.message}`);
    if (error.code === 'CONFLICT') scheduleRefetch();
  }
}

$('accept').addEventListener('click', () => void decide('accept'));
$('save').addEventListener('click', () => void decide('save'));
$('reject').addEventListener('click', () => void decide('reject'));

// --- keys -----------------------------------------------------------------------------------------

const typing = (target) =>
  target instanceof HTMLElement &&
  (target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName));

document.addEventListener('keydown', (event) => {
  if (event.altKey || event.ctrlKey || event.metaKey || $('desk').hidden) return;
  if (typing(event.target)) {
    // Esc leaves the field, so the keys work again.
    if (event.key === 'Escape') {
      event.target.blur();
      $('detail-heading').setAttribute('tabindex', '-1');
      $('detail-heading').focus();
    }
    return;
  }
  const move = (step) => {
    const index = state.queue.findIndex((c) => c.id === state.selected);
    const next = state.queue[Math.max(0, Math.min(state.queue.length - 1, index + step))];
    if (next) void open(next.id);
  };
  const actions = {
    a: () => decide('accept'),
    e: () => decide('save'),
    r: () => decide('reject'),
    j: () => move(1),
    k: () => move(-1),
  };
  const action = actions[event.key];
  if (!action) return;
  event.preventDefault();
  void action();
});

if (state.key) void start();
else showSignIn();
