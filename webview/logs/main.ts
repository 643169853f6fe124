// The log viewer: virtualised rows (only what is on screen is in the DOM), search with a
// match count, filter to matches, timestamps, wrap, follow and export.
import '@vscode-elements/elements/dist/vscode-button/index.js';
import '@vscode-elements/elements/dist/vscode-checkbox/index.js';
import '@vscode-elements/elements/dist/vscode-textfield/index.js';
import { LineStore, visibleWindow } from './lineStore';
import type { FromLogView, ToLogView } from './messages';

declare function acquireVsCodeApi(): { postMessage(message: FromLogView): void };
const vscode = acquireVsCodeApi();

const ROW = 18;
const store = new LineStore();
const options = { filter: false, timestamps: false, wrap: false, follow: true };
let currentMatch = -1;

const root = document.getElementById('root')!;
root.innerHTML = `
  <div class="toolbar">
    <vscode-textfield id="search" placeholder="Search" aria-label="Search the log"></vscode-textfield>
    <span id="count" class="muted" aria-live="polite"></span>
    <vscode-button id="prev" secondary title="Previous match">↑</vscode-button>
    <vscode-button id="next" secondary title="Next match">↓</vscode-button>
    <vscode-checkbox id="filter" label="Only matching lines"></vscode-checkbox>
    <vscode-checkbox id="timestamps" label="Timestamps"></vscode-checkbox>
    <vscode-checkbox id="wrap" label="Wrap"></vscode-checkbox>
    <vscode-checkbox id="follow" label="Follow" checked></vscode-checkbox>
    <vscode-button id="export" secondary>Export…</vscode-button>
    <span id="total" class="muted"></span>
  </div>
  <div id="scroller" class="scroller mono" tabindex="0"><div id="spacer"></div><div id="rows" class="rows"></div></div>`;

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const scroller = $('scroller');
const spacer = $('spacer');
const rows = $('rows');

let scheduled = false;
function schedule(): void {
  if (scheduled) return;
  scheduled = true;
  requestAnimationFrame(() => {
    scheduled = false;
    render();
  });
}

let lastScrollTop = 0;

function render(): void {
  // Texts first: a match count can wrap the toolbar and shrink the scroller, which must
  // happen before following scrolls to the bottom, or the last lines end up hidden.
  $('count').textContent = store.currentQuery ? `${store.matches.length} ${store.matches.length === 1 ? 'match' : 'matches'}` : '';
  $('total').textContent = `${store.length} lines`;
  const total = store.visibleCount(options.filter);
  spacer.style.height = `${total * ROW}px`;
  if (options.follow) scroller.scrollTop = scroller.scrollHeight;
  lastScrollTop = scroller.scrollTop;
  const { first, count } = visibleWindow(scroller.scrollTop, scroller.clientHeight, ROW, total);
  rows.style.transform = `translateY(${first * ROW}px)`;
  rows.classList.toggle('wrap', options.wrap);
  const fragment = document.createDocumentFragment();
  for (let row = first; row < first + count; row++) {
    const line = store.lineAt(row, options.filter);
    const div = document.createElement('div');
    div.className = `row ${store.streams[line]}${line === currentMatch ? ' current' : ''}`;
    if (options.timestamps) div.append(Object.assign(document.createElement('span'), { className: 'time', textContent: `${store.times[line]} ` }));
    appendHighlighted(div, store.texts[line], store.currentQuery);
    fragment.append(div);
  }
  rows.replaceChildren(fragment);
}

function appendHighlighted(div: HTMLElement, text: string, query: string): void {
  if (!query) return void div.append(text);
  const lower = text.toLowerCase();
  const q = query.toLowerCase();
  let at = 0;
  for (let i = lower.indexOf(q); i >= 0; i = lower.indexOf(q, at)) {
    div.append(text.slice(at, i), Object.assign(document.createElement('mark'), { textContent: text.slice(i, i + q.length) }));
    at = i + q.length;
  }
  div.append(text.slice(at));
}

function goToMatch(backwards: boolean): void {
  const next = store.nextMatch(currentMatch, backwards);
  if (next === undefined) return;
  currentMatch = next;
  setFollow(false);
  scroller.scrollTop = store.rowOf(next, options.filter) * ROW - scroller.clientHeight / 2;
  schedule();
}

function setFollow(on: boolean): void {
  options.follow = on;
  ($('follow') as HTMLElement & { checked: boolean }).checked = on;
}

let searchTimer: ReturnType<typeof setTimeout> | undefined;
let pendingQuery: string | undefined;
function runSearch(): void {
  clearTimeout(searchTimer);
  if (pendingQuery === undefined) return;
  store.search(pendingQuery);
  pendingQuery = undefined;
  currentMatch = -1;
  schedule();
}
$('search').addEventListener('input', (e) => {
  pendingQuery = (e.target as HTMLInputElement).value;
  clearTimeout(searchTimer);
  searchTimer = setTimeout(runSearch, 120);
});
// Enter right after typing searches for what was typed first, rather than stepping through
// the old query's matches and losing that step when the typed search lands.
$('search').addEventListener('keydown', (e) => {
  if (e.key !== 'Enter') return;
  runSearch();
  goToMatch((e as KeyboardEvent).shiftKey);
});
$('next').addEventListener('click', () => goToMatch(false));
$('prev').addEventListener('click', () => goToMatch(true));
for (const name of ['filter', 'timestamps', 'wrap', 'follow'] as const) {
  $(name).addEventListener('change', (e) => {
    options[name] = (e.target as HTMLInputElement).checked;
    schedule();
  });
}
$('export').addEventListener('click', () => vscode.postMessage({ type: 'export' }));
scroller.addEventListener('scroll', () => {
  // Scrolling up stops following; reaching the bottom again resumes it. Only a move up
  // counts: the view shrinking or growing (a search, the filter, a resize) is not the user.
  const atBottom = scroller.scrollTop + scroller.clientHeight >= scroller.scrollHeight - ROW;
  const movedUp = scroller.scrollTop < lastScrollTop;
  lastScrollTop = scroller.scrollTop;
  if (atBottom) setFollow(true);
  else if (movedUp) setFollow(false);
  schedule();
});
window.addEventListener('resize', schedule);

window.addEventListener('message', (event: MessageEvent<ToLogView>) => {
  const m = event.data;
  if (m.type === 'lines') store.append(m.lines);
  else if (m.type === 'gap') store.append([{ time: new Date().toISOString(), stream: 'system', text: `—— ${m.reason} ——` }]);
  schedule();
});
vscode.postMessage({ type: 'ready' });
