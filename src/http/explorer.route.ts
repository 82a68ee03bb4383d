import { randomBytes } from 'node:crypto';
import { OPERATIONS } from '../operations/saved-operations.js';
import type { Route } from './server.js';

/** JSON safe inside a <script> element: no `</script>`, no `<!--`. */
function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c');
}

/**
 * The offline GraphQL explorer at /explorer: a query editor, variables, Run, the JSON result
 * and the saved operations (the dashboard's own, as in docs/queries.md). One self-contained
 * page: no CDN, no build step, nothing fetched but POST /graphql on this origin.
 */
function explorerHtml(nonce: string): string {
  const saved = Object.values(OPERATIONS).map(({ name, field, description, query, variables }) => ({
    name,
    field,
    description,
    query,
    variables,
  }));
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Jämför — GraphQL explorer</title>
<style nonce="${nonce}">
  :root { font: 14px/1.4 system-ui, sans-serif; color: #1d2733; }
  body { margin: 0; display: grid; grid-template-columns: 17rem 1fr; min-height: 100vh; }
  nav { background: #f3f5f8; border-right: 1px solid #d5dbe3; padding: .75rem; overflow: auto; }
  nav h1 { font-size: 1.05rem; margin: 0 0 .25rem; }
  nav p { margin: 0 0 .75rem; color: #4a5868; font-size: .85rem; }
  nav ul { list-style: none; margin: 0; padding: 0; }
  nav button { width: 100%; text-align: left; background: none; border: 1px solid transparent; border-radius: 4px; padding: .35rem .5rem; cursor: pointer; font: inherit; }
  nav button:hover, nav button:focus-visible { border-color: #7a8fa8; background: #fff; }
  nav button[aria-current="true"] { background: #fff; border-color: #2f5f8f; }
  nav small { display: block; color: #4a5868; }
  main { padding: .75rem 1rem; display: flex; flex-direction: column; gap: .5rem; min-width: 0; }
  label { font-weight: 600; }
  textarea, pre { font: 13px/1.4 ui-monospace, monospace; border: 1px solid #b8c2cf; border-radius: 4px; padding: .5rem; margin: 0; }
  textarea { resize: vertical; min-height: 8rem; }
  pre { background: #fafbfc; overflow: auto; white-space: pre-wrap; min-height: 6rem; max-height: 70vh; }
  .bar { display: flex; gap: .75rem; align-items: center; }
  .bar button { font: inherit; padding: .35rem 1rem; background: #2f5f8f; color: #fff; border: 0; border-radius: 4px; cursor: pointer; }
  .bar a { color: #2f5f8f; }
  #status { color: #4a5868; }
</style>
</head>
<body>
<nav aria-label="Saved operations">
  <h1>Jämför explorer</h1>
  <p>Saved operations (as in <code>docs/queries.md</code>). <a href="/">Dashboard</a></p>
  <ul id="saved"></ul>
</nav>
<main>
  <label for="query">Query</label>
  <textarea id="query" spellcheck="false" rows="18"></textarea>
  <label for="variables">Variables (JSON)</label>
  <textarea id="variables" spellcheck="false" rows="5"></textarea>
  <div class="bar"><button id="run" type="button">Run</button><span id="status" role="status">Ctrl+Enter runs the query.</span></div>
  <pre id="result" role="region" aria-label="Result" tabindex="0"></pre>
</main>
<script type="application/json" id="operations">${scriptJson(saved)}</script>
<script nonce="${nonce}">
(() => {
  const saved = JSON.parse(document.getElementById('operations').textContent);
  const query = document.getElementById('query');
  const variables = document.getElementById('variables');
  const result = document.getElementById('result');
  const status = document.getElementById('status');
  const list = document.getElementById('saved');
  const buttons = [];
  function choose(op) {
    query.value = op.query;
    variables.value = JSON.stringify(op.variables, null, 2);
    result.textContent = '';
    for (const b of buttons) b.setAttribute('aria-current', String(b.dataset.name === op.name));
    history.replaceState(null, '', '#' + op.name);
  }
  for (const op of saved) {
    const li = document.createElement('li');
    const b = document.createElement('button');
    b.type = 'button';
    b.dataset.name = op.name;
    b.textContent = op.field;
    const small = document.createElement('small');
    small.textContent = op.description;
    b.append(small);
    b.addEventListener('click', () => choose(op));
    buttons.push(b);
    li.append(b);
    list.append(li);
  }
  async function run() {
    let vars = {};
    try { vars = variables.value.trim() ? JSON.parse(variables.value) : {}; }
    catch (e) { status.textContent = 'Variables are not valid JSON: ' + e.message; return; }
    status.textContent = 'Running…';
    const started = performance.now();
    try {
      const response = await fetch('/graphql', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: query.value, variables: vars }) });
      const body = await response.text();
      try { result.textContent = JSON.stringify(JSON.parse(body), null, 2); } catch { result.textContent = body; }
      status.textContent = 'HTTP ' + response.status + ' in ' + Math.round(performance.now() - started) + ' ms';
    } catch (e) {
      status.textContent = 'Request failed: ' + e.message;
    }
  }
  document.getElementById('run').addEventListener('click', run);
  document.addEventListener('keydown', (e) => { if ((e.ctrlKey || e.metaKey) && e.key === 'Enter') { e.preventDefault(); run(); } });
  choose(saved.find((op) => '#' + op.name === location.hash) || saved[0]);
})();
</script>
</body>
</html>
`;
}

/** GET /explorer. */
export function explorerRoute(): Route {
  return ({ req, res, url }) => {
    if (url.pathname !== '/explorer' && url.pathname !== '/explorer/') return false;
    const method = (req.method ?? 'GET').toUpperCase();
    if (method !== 'GET' && method !== 'HEAD') return false;
    const nonce = randomBytes(16).toString('base64');
    const body = Buffer.from(explorerHtml(nonce), 'utf8');
    res.writeHead(200, {
      'content-type': 'text/html; charset=utf-8',
      'content-length': body.length,
      'cache-control': 'no-cache',
      // Offline by construction: the page may talk to this origin only.
      'content-security-policy': `default-src 'none'; script-src 'nonce-${nonce}'; style-src 'nonce-${nonce}'; connect-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'`,
    });
    res.end(method === 'HEAD' ? undefined : body);
    return true;
  };
}
