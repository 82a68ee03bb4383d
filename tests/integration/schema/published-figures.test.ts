import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { SAMPLES_DIR } from '../../../src/paths.js';
import { useTestApi } from '../../helpers/api.js';

const { db, api } = useTestApi({
  files: ['vardanalys-2016-agreement-coverage.csv', 'vardanalys-2016-agreement-content.csv'].map((name) =>
    path.join(SAMPLES_DIR, name),
  ),
});

async function figures(variables: Record<string, unknown>): Promise<Record<string, any>> {
  const body = await api.gql(FIGURES, variables);
  expect(body.errors).toBeUndefined();
  return body.data!['publishedFigures'];
}

describe('publishedFigures', () => {
  it('lists the bundled Vårdanalys figures exactly as printed, labelled PUBLISHED', async () => {
    const page = await figures({ subject: 'AGREEMENT_COVERAGE', scopeLabel: 'local:kommun+stadsdel' });
    expect(page.totalCount).toBe(4);
    expect(page.nodes.map((n: any) => [n.measure, n.numerator, n.denominator, n.percent])).toEqual([
      ['exists', 165, 259, 64],
      ['exists_or_in_progress', 212, 259, 82],
      ['in_progress', 47, 259, 18],
      ['none', 47, 259, 18],
    ]);
    expect(page.nodes[0]).toEqual({
      origin: 'PUBLISHED',
      subject: 'AGREEMENT_COVERAGE',
      measure: 'exists',
      scope: { code: '00', kind: 'NATION', name: 'Riket' },
      scopeLabel: 'local:kommun+stadsdel',
      year: 2016,
      numerator: 165,
      denominator: 259,
      denominatorKind: 'respondents',
      percent: 64,
      qualifier: null,
      publication: 'Vårdanalys rapport 2017:1',
      note: '153 kommuner + 12 stadsdelar; percent derived (not published)',
    });
  });

  it('filters by measure, year, scope and publication text, and keeps a printed qualifier and a missing numerator', async () => {
    const page = await figures({
      subject: 'AGREEMENT_CONTENT',
      measure: 'user_organisations_gave_views',
      year: 2016,
      scope: '00',
      publication: 'vårdanalys',
    });
    expect(page.totalCount).toBe(1);
    expect(page.nodes[0]).toMatchObject({
      scopeLabel: 'county',
      numerator: null,
      denominator: 21,
      denominatorKind: 'agreements coded',
      percent: 50,
      qualifier: "approximate: 'ungefär varannan länsöverenskommelse'",
    });
    expect((await figures({ year: 2015 })).totalCount).toBe(0);
  });

  it('pages with cursors over all 34 figures', async () => {
    const first = await figures({ first: 20 });
    expect(first.totalCount).toBe(34);
    expect(first.nodes).toHaveLength(20);
    expect(first.pageInfo.hasNextPage).toBe(true);
    const second = await figures({ first: 20, after: first.pageInfo.endCursor });
    expect(second.nodes).toHaveLength(14);
    expect(second.pageInfo.hasNextPage).toBe(false);
    const ids = new Set([...first.nodes, ...second.nodes].map((n: any) => `${n.subject}|${n.measure}|${n.scopeLabel}`));
    expect(ids.size).toBe(34);
  });

  it('answers a page with one SQL statement', async () => {
    db.statements.reset();
    await figures({ first: 100 });
    expect(db.statements.count).toBe(1);
  });

  it('is NOT_FOUND for an unknown scope unit and BAD_USER_INPUT for a page over 500 or a foreign cursor', async () => {
    expect((await api.gql(FIGURES, { scope: '99' })).errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    expect((await api.gql(FIGURES, { first: 501 })).errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect((await api.gql(FIGURES, { after: 'bm9wZQ' })).errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });
});

const FIGURES = `query Figures($subject: FigureSubject, $measure: String, $year: Int, $scope: String, $scopeLabel: String,
    $publication: String, $first: Int, $after: String) {
  publishedFigures(subject: $subject, measure: $measure, year: $year, scope: $scope, scopeLabel: $scopeLabel,
      publication: $publication, first: $first, after: $after) {
    totalCount
    pageInfo { endCursor hasNextPage }
    nodes {
      origin subject measure scope { code kind name } scopeLabel year numerator denominator denominatorKind percent qualifier publication note
    }
  }
}`;
