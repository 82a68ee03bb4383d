/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
/**
 * The Jämför dashboard: one page over the public GraphQL API (POST /graphql on this origin,
 * with the saved operations of src/operations — the same ones docs/queries.md shows). The
 * choice of scope, area, question, year, denominator, view and unit lives in the query
 * string, so a view can be shared by its URL. One module per view under views/. Bundled by
 * build.mjs with ECharts; nothing is fetched from anywhere else.
 */
import { ApiError } from './api.mjs';
import { catalogReady, loadCatalog } from './catalog.mjs';
import { applyWords, syncControls } from './controls.mjs';
import { $, drawCharts, resetCharts } from './dom.mjs';
import { navigate, onNavigate, readState, writeState, type State, type View } from './state.mjs';
import { agreementsView } from './views/agreements.mjs';
import { comparisonView } from './views/comparison.mjs';
import { regionsView } from './views/regions.mjs';
import { trendView } from './views/trend.mjs';
import { setLang, t } from './words.mjs';

let state: State;
let renderToken = 0;

onNavigate((change, push = true) => {
  state = { ...state, ...change };
  writeState(state, push);
  void render();
});

const VIEW_RENDERERS: Record<View, (s: State) => Promise<Node[]>> = {
  comparison: comparisonView,
  regions: regionsView,
  trend: trendView,
  agreements: agreementsView,
};

async function render(): Promise<void> {
  const token = ++renderToken;
  setLang(state.lang);
  applyWords(state);
  const status = $('status');
  status.className = 'status';
  status.textContent = t().loading;
  try {
    // A complete state in the URL (a shared link) starts the view's request at once, beside
    // the catalog; otherwise the catalog fills in the defaults first.
    const asked = JSON.stringify(state);
    resetCharts();
    const early = state.question && state.year !== null ? VIEW_RENDERERS[state.view](state) : null;
    early?.catch(() => {});
    await catalogReady;
    await syncControls(state);
    writeState(state, false);
    applyWords(state);
    let nodes: Node[];
    if (early && JSON.stringify(state) === asked) nodes = await early;
    else {
      await early?.catch(() => {});
      resetCharts();
      nodes = await VIEW_RENDERERS[state.view](state);
    }
    if (token !== renderToken) return;
    $('view').replaceChildren(...nodes);
    await drawCharts();
    status.textContent = '';
    document.body.dataset['ready'] = state.view;
  } catch (error) {
    if (token !== renderToken) return;
    status.className = 'status error';
    status.textContent =
      error instanceof ApiError
        ? `${error.code}: ${error.message}`
        : `${t().couldNotLoad}: ${error instanceof Error ? error.message : String(error)}`;
    $('view').replaceChildren();
    document.body.dataset['ready'] = 'error';
  }
}

function wireControls(): void {
  const on = (id: string, change: (value: string) => Partial<State>) =>
    $(id).addEventListener('change', (e) => navigate(change((e.target as HTMLSelectElement).value)));
  on('scope', (scope) => ({ scope, unit: null }));
  on('area', (area) => ({ area, question: '' }));
  on('question', (question) => ({ question }));
  on('year', (year) => ({ year: Number(year) }));
  on('denominator', (denominator) => ({ denominator: denominator as State['denominator'] }));
  const tabs = [...document.querySelectorAll<HTMLButtonElement>('[role=tab]')];
  for (const tab of tabs) {
    tab.addEventListener('click', () => navigate({ view: tab.dataset['view'] as View }));
    tab.addEventListener('keydown', (e) => {
      const step = e.key === 'ArrowRight' ? 1 : e.key === 'ArrowLeft' ? -1 : 0;
      if (!step) return;
      const next = tabs[(tabs.indexOf(tab) + step + tabs.length) % tabs.length]!;
      next.focus();
      navigate({ view: next.dataset['view'] as View });
    });
  }
  $('controls').addEventListener('submit', (e) => e.preventDefault());
  // the switch is a real link (shareable, works in a new tab); a plain click re-renders in place
  $('lang-switch').addEventListener('click', (e) => {
    if (e.ctrlKey || e.metaKey || e.shiftKey || e.button !== 0) return;
    e.preventDefault();
    navigate({ lang: state.lang === 'sv' ? 'en' : 'sv' });
  });
  window.addEventListener('popstate', () => {
    state = readState();
    void render();
  });
}

async function start(): Promise<void> {
  state = readState();
  wireControls();
  loadCatalog().catch((error: unknown) => {
    $('status').className = 'status error';
    $('status').textContent = `${t().couldNotLoadCatalog}: ${error instanceof Error ? error.message : String(error)}`;
  });
  await render();
}

void start();
