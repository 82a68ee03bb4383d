/**
 * Building the page: elements, tables, answer badges, CSV links and chart placeholders.
 */
import type { Chart, ChartOption } from './charts.mjs';
import type { Answer } from './types.mjs';
import { answerWord, reason, t } from './words.mjs';

export type Child = Node | string | number | null | undefined | false;

export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Record<string, string | boolean | undefined> = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === false) continue;
    el.setAttribute(k, v === true ? '' : v);
  }
  for (const c of children)
    if (c !== null && c !== undefined && c !== false) el.append(typeof c === 'number' ? String(c) : c);
  return el;
}

export function $(id: string): HTMLElement {
  return document.getElementById(id)!;
}

export function answerBadge(answer: Answer | null, missingReason: string | null): HTMLElement {
  if (!answer || answer === 'NO_RESPONSE' || answer === 'NOT_ASKED') {
    const code = answer ?? 'MISSING';
    const label = answer ? answerWord(answer).label : reason(missingReason) || t().noValue;
    const symbol = answer ? answerWord(answer).symbol : '·';
    return h('span', { class: `answer a-${code}` }, h('span', { class: 'sym', 'aria-hidden': 'true' }, symbol), label);
  }
  return h(
    'span',
    { class: `answer a-${answer}` },
    h('span', { class: 'sym', 'aria-hidden': 'true' }, answerWord(answer).symbol),
    answerWord(answer).label,
  );
}

export function table(
  caption: string,
  headers: (string | { text: string; num?: boolean })[],
  rows: Child[][],
  rowAttrs?: (i: number) => Record<string, string | undefined>,
): HTMLTableElement {
  return h(
    'table',
    {},
    h('caption', {}, caption),
    h(
      'thead',
      {},
      h(
        'tr',
        {},
        ...headers.map((c) =>
          typeof c === 'string'
            ? h('th', { scope: 'col' }, c)
            : h('th', { scope: 'col', class: c.num ? 'num' : undefined }, c.text),
        ),
      ),
    ),
    h(
      'tbody',
      {},
      ...rows.map((cells, i) =>
        h(
          'tr',
          rowAttrs?.(i) ?? {},
          ...cells.map((c, j) =>
            j === 0 ? h('th', { scope: 'row' }, c) : h('td', { class: typeof c === 'number' ? 'num' : undefined }, c),
          ),
        ),
      ),
    ),
  );
}

export function downloadLinks(
  label: string,
  path: string,
  params: Record<string, string | number | undefined>,
  compact = false,
): HTMLElement {
  const query = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== '') query.set(k, String(v));
  // the accessible name starts with the visible text (WCAG 2.5.3, axe label-content-name-mismatch)
  const excelText = compact ? 'CSV' : t().csvExcel;
  const plainText = compact ? 'RFC 4180' : t().csvPlain;
  const excel = `${path}?${query.toString()}&format=excel-sv`;
  const plain = `${path}?${query.toString()}&format=rfc4180`;
  return h(
    'span',
    { class: 'download' },
    h(
      'a',
      {
        href: excel,
        download: '',
        'data-csv': 'excel-sv',
        'aria-label': `${compact ? `CSV ${t().forExcel}` : excelText}: ${label}`,
      },
      excelText,
    ),
    h(
      'a',
      {
        href: plain,
        download: '',
        'data-csv': 'rfc4180',
        'aria-label': `${compact ? 'RFC 4180 CSV' : plainText}: ${label}`,
      },
      plainText,
    ),
  );
}

const charts: Chart[] = [];
let pendingCharts: { el: HTMLElement; option: ChartOption }[] = [];

/** Forgets charts placed by a view that will not be shown. */
export function resetCharts(): void {
  pendingCharts = [];
}

/** A chart placeholder; drawn by drawCharts() once the view is in the document (ECharts needs its size). */
export function chart(ariaLabel: string, option: ChartOption, className = 'chart'): HTMLElement {
  const el = h('div', { class: className, role: 'img', 'aria-label': ariaLabel });
  pendingCharts.push({ el, option });
  return el;
}

export async function drawCharts(): Promise<void> {
  charts.splice(0).forEach((c) => c.dispose());
  const pending = pendingCharts;
  pendingCharts = [];
  if (pending.length === 0) return;
  const { drawChart } = await import('./charts.mjs');
  for (const { el, option } of pending) charts.push(drawChart(el, option));
}
window.addEventListener('resize', () => charts.forEach((c) => c.resize()));
