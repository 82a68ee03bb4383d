/**
 * Choropleth maps of the 290 municipalities or the 21 län, drawn as SVG from the bundled
 * boundaries (data/geo, projected at build time; see build.mjs). No tiles, nothing fetched.
 *
 * Every state has its own look and a legend entry naming it: answers and share bands are
 * solid fills; the missing states (Uppgift saknas, Ej tillfrågad, no value, no share) are
 * hatched or dotted patterns with a dark outline, so a missing answer never looks like Nej.
 * Hover and keyboard focus (one tab stop, then arrow keys) show the unit's name, its answer
 * or share and numerator/denominator; a click or Enter opens the unit's trend.
 */
import { h } from './dom.mjs';
import { collator, t } from './words.mjs';

export type MapState =
  | 'JA'
  | 'NEJ'
  | 'EJ_AKTUELLT'
  | 'NO_RESPONSE'
  | 'NOT_ASKED'
  | 'MISSING'
  | 'S0'
  | 'S1'
  | 'S2'
  | 'S3'
  | 'S4'
  | 'NO_SHARE';

/** How each state is painted: a colour, or a pattern (the missing states). */
const PAINT: Record<MapState, string> = {
  JA: '#1b7a3a',
  NEJ: '#b3401a',
  EJ_AKTUELLT: '#8a94a3',
  NO_RESPONSE: 'url(#map-hatch)',
  NOT_ASKED: 'url(#map-dots)',
  MISSING: 'url(#map-cross)',
  S0: '#deebf7',
  S1: '#9ecae1',
  S2: '#6baed6',
  S3: '#3182bd',
  S4: '#08519c',
  NO_SHARE: 'url(#map-hatch)',
};

/** The share band of a share 0…1: five bands of 20 percentage points. */
export function shareState(share: number | null): MapState {
  if (share === null) return 'NO_SHARE';
  return (['S0', 'S1', 'S2', 'S3', 'S4'] as const)[Math.min(4, Math.floor(share * 5))]!;
}

export interface MapUnit {
  code: string;
  state: MapState;
  /** What hover and focus show after the name: "Ja", "50 % (3 av 6)", "Uppgift saknas". */
  detail: string;
}

export interface LegendEntry {
  state: MapState;
  label: string;
  count: number;
}

export interface MapOptions {
  shapes: 'kommuner' | 'lan';
  /** The map's accessible name. */
  label: string;
  /** Units in the scope; the others are drawn faint, for orientation only. */
  units: MapUnit[];
  legend: LegendEntry[];
  /** Opens a unit (its trend). */
  open(code: string): void;
  /** Shown beside the legend (Stockholm's stadsdelar). */
  aside?: Node | null;
}

type Shape = { code: string; name: string; region: string; d: string };

/** The bounding box of path data ("M1 2L3 4Z…"): [minX, minY, maxX, maxY]. */
function bbox(d: string): [number, number, number, number] {
  const n = d.match(/-?\d+(\.\d+)?/g)!.map(Number);
  const box: [number, number, number, number] = [Infinity, Infinity, -Infinity, -Infinity];
  for (let i = 0; i + 1 < n.length; i += 2) {
    box[0] = Math.min(box[0], n[i]!);
    box[1] = Math.min(box[1], n[i + 1]!);
    box[2] = Math.max(box[2], n[i]!);
    box[3] = Math.max(box[3], n[i + 1]!);
  }
  return box;
}

const SVG = 'http://www.w3.org/2000/svg';

function svg<K extends keyof SVGElementTagNameMap>(
  tag: K,
  attrs: Record<string, string> = {},
): SVGElementTagNameMap[K] {
  const el = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, v);
  return el;
}

/** Hatch, dots and cross-hatch: the missing states' fills, also used by the legend swatches. */
function patterns(scale: number): SVGDefsElement {
  const defs = svg('defs');
  const add = (id: string, size: number, draw: (p: SVGPatternElement) => void) => {
    const p = svg('pattern', {
      id,
      width: String(size),
      height: String(size),
      patternUnits: 'userSpaceOnUse',
      patternTransform: `scale(${scale.toFixed(3)})`,
    });
    p.append(svg('rect', { width: String(size), height: String(size), fill: '#ffffff' }));
    draw(p);
    defs.append(p);
  };
  add('map-hatch', 6, (p) =>
    p.append(svg('path', { d: 'M-1 7L7 -1M-1 1L1 -1M5 7L7 5', stroke: '#4f5d6d', 'stroke-width': '1.4' })),
  );
  add('map-dots', 6, (p) => p.append(svg('circle', { cx: '3', cy: '3', r: '1.3', fill: '#4f5d6d' })));
  add('map-cross', 6, (p) => p.append(svg('path', { d: 'M0 0L6 6M6 0L0 6', stroke: '#4f5d6d', 'stroke-width': '1' })));
  return defs;
}

function swatch(state: MapState): SVGSVGElement {
  const s = svg('svg', { width: '18', height: '14', viewBox: '0 0 18 14', 'aria-hidden': 'true' });
  // the fills refer to the map's own patterns (one set of ids per page)
  s.append(
    svg('rect', {
      x: '0.5',
      y: '0.5',
      width: '17',
      height: '13',
      fill: PAINT[state],
      stroke: PAINT[state].startsWith('url') ? '#1d2733' : '#ffffff',
    }),
  );
  return s;
}

/** The map with its legend (and the aside); the boundaries are a chunk loaded on first use. */
export async function choropleth(options: MapOptions): Promise<HTMLElement> {
  const { kommuner, lan } = await import('./map-shapes.mjs');
  const shapes: Shape[] = options.shapes === 'kommuner' ? kommuner : lan;
  const byCode = new Map(options.units.map((u) => [u.code, u]));

  // Zoom to the scope, with a margin; the rest of Sweden stays as faint context.
  const inScope = shapes.filter((s) => byCode.has(s.code));
  const boxes = (inScope.length ? inScope : shapes).map((s) => bbox(s.d));
  const pad = 12;
  const x0 = Math.min(...boxes.map((b) => b[0])) - pad;
  const y0 = Math.min(...boxes.map((b) => b[1])) - pad;
  const x1 = Math.max(...boxes.map((b) => b[2])) + pad;
  const y1 = Math.max(...boxes.map((b) => b[3])) + pad;

  const map = svg('svg', {
    viewBox: `${x0.toFixed(0)} ${y0.toFixed(0)} ${(x1 - x0).toFixed(0)} ${(y1 - y0).toFixed(0)}`,
    role: 'group',
    'aria-label': options.label,
    class: 'map',
  });
  // patterns in map units: scaled so the hatching looks the same at every zoom (about 6 px on screen)
  map.append(patterns(Math.max(0.5, (x1 - x0) / 420)));
  // tabindex -1: Chromium otherwise gives a group with key listeners a tab stop of its own
  const context = svg('g', { class: 'map-context', 'aria-hidden': 'true', tabindex: '-1' });
  const units = svg('g', { class: 'map-units', tabindex: '-1' });
  map.append(context, units);

  const tip = h('div', { class: 'map-tip', 'aria-hidden': 'true', hidden: true });
  const items: SVGPathElement[] = [];
  const stroke = Math.max(0.4, (x1 - x0) / 600);
  for (const shape of [...shapes].sort((a, b) => collator.compare(a.name, b.name))) {
    const unit = byCode.get(shape.code);
    if (!unit) {
      context.append(svg('path', { d: shape.d, fill: '#eceff3', stroke: '#c5ccd6', 'stroke-width': String(stroke) }));
      continue;
    }
    const missing = PAINT[unit.state].startsWith('url');
    const path = svg('path', {
      d: shape.d,
      fill: PAINT[unit.state],
      stroke: missing ? '#1d2733' : '#ffffff',
      'stroke-width': String(missing ? stroke * 2 : stroke),
      role: 'button',
      tabindex: '-1',
      'aria-label': `${shape.name}: ${unit.detail}`,
      'data-code': shape.code,
      'data-state': unit.state,
      'data-name': shape.name,
      'data-detail': unit.detail,
    });
    items.push(path);
  }
  // Missing states drawn last, so their dark outline is not hidden under a neighbour's edge.
  items.sort(
    (a, b) => Number(a.getAttribute('fill')!.startsWith('url')) - Number(b.getAttribute('fill')!.startsWith('url')),
  );
  units.append(...items);
  const order = [...items].sort((a, b) => collator.compare(a.dataset['name']!, b.dataset['name']!));
  if (order[0]) order[0].setAttribute('tabindex', '0');

  const wrap = h('div', { class: 'map-canvas' });
  const show = (path: SVGPathElement) => {
    tip.replaceChildren(h('b', {}, path.dataset['name']!), h('br'), path.dataset['detail']!);
    tip.hidden = false;
    const box = path.getBoundingClientRect();
    const frame = wrap.getBoundingClientRect();
    const left = Math.min(Math.max(0, box.left - frame.left + box.width / 2 - 90), Math.max(0, frame.width - 180));
    tip.style.left = `${left}px`;
    tip.style.top = `${Math.max(0, box.top - frame.top - tip.offsetHeight - 6)}px`;
    for (const p of items) p.classList.toggle('active', p === path);
  };
  const hide = () => {
    tip.hidden = true;
    for (const p of items) p.classList.remove('active');
  };
  const target = (e: Event) => (e.target as Element).closest<SVGPathElement>('path[data-code]');
  units.addEventListener('pointerover', (e) => {
    const p = target(e);
    if (p) show(p);
  });
  units.addEventListener('pointerleave', hide);
  units.addEventListener('focusin', (e) => {
    const p = target(e);
    if (p) show(p);
  });
  units.addEventListener('focusout', hide);
  units.addEventListener('click', (e) => {
    const p = target(e);
    if (p) options.open(p.dataset['code']!);
  });
  units.addEventListener('keydown', (e) => {
    const p = target(e);
    if (!p) return;
    if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault();
      options.open(p.dataset['code']!);
      return;
    }
    const i = order.indexOf(p);
    const next =
      e.key === 'ArrowRight' || e.key === 'ArrowDown'
        ? order[(i + 1) % order.length]
        : e.key === 'ArrowLeft' || e.key === 'ArrowUp'
          ? order[(i - 1 + order.length) % order.length]
          : e.key === 'Home'
            ? order[0]
            : e.key === 'End'
              ? order[order.length - 1]
              : undefined;
    if (!next) return;
    e.preventDefault();
    p.setAttribute('tabindex', '-1');
    next.setAttribute('tabindex', '0');
    next.focus();
  });
  wrap.append(map, tip);

  const legend = h(
    'ul',
    { class: 'map-legend', 'aria-label': t().mapLegend },
    ...options.legend.map((l) =>
      h(
        'li',
        { 'data-state': l.state },
        swatch(l.state),
        h('span', {}, l.label),
        h('span', { class: 'count' }, String(l.count)),
      ),
    ),
  );
  return h(
    'figure',
    { class: 'map-figure' },
    wrap,
    h('figcaption', {}, h('p', { class: 'map-help' }, t().mapHelp), legend, options.aside ?? null),
  );
}
