import { describe, expect, it } from 'vitest';
import { useTestApi } from '../../helpers/api.js';

const { db, api } = useTestApi();

const gql = (query: string, variables?: Record<string, unknown>) => api.gql<any>(query, variables);

describe('geography over GraphQL', () => {
  it('serves 21 regions with all 290 municipalities and their groups in four SQL statements (no N+1)', async () => {
    db.statements.reset();
    const { data } = await gql(
      `{ regions { code name municipalities { code name kommungrupp { code } region { code } } } }`,
    );
    expect(data.regions).toHaveLength(21);
    expect(data.regions.flatMap((r: { municipalities: unknown[] }) => r.municipalities)).toHaveLength(290);
    // regions; municipalities of all regions in one batch; kommungrupper in one batch; regions (loader) in one batch.
    expect(db.statements.count).toBe(4);
  });

  it('sorts regions and municipalities in Swedish order', async () => {
    const { data } = await gql(`{ regions { name } region(code: "23") { municipalities { name } } }`);
    const names: string[] = data.regions.map((r: { name: string }) => r.name);
    expect(names.indexOf('Västra Götalands län')).toBeLessThan(names.indexOf('Örebro län'));
    expect(names.indexOf('Örebro län')).toBeLessThan(names.indexOf('Östergötlands län'));
    expect(names[names.length - 1]).toBe('Östergötlands län');
    expect(data.region.municipalities.map((m: { name: string }) => m.name)).toEqual([
      'Berg',
      'Bräcke',
      'Härjedalen',
      'Krokom',
      'Ragunda',
      'Strömsund',
      'Åre',
      'Östersund',
    ]);
  });

  it('answers an unknown code with NOT_FOUND', async () => {
    const body = await gql(`{ municipality(code: "9999") { name } }`);
    expect(body.data).toBeNull();
    expect(body.errors[0].extensions.code).toBe('NOT_FOUND');
    expect(body.errors[0].message).toBe('municipality "9999" not found');
  });

  it('knows Gotland as both municipality 0980 and region 09', async () => {
    const { data } = await gql(
      `{ municipality(code: "0980") { name region { code name regionName } } region(code: "0009") { code municipalities { code } } }`,
    );
    expect(data).toEqual({
      municipality: { name: 'Gotland', region: { code: '09', name: 'Gotlands län', regionName: 'Region Gotland' } },
      region: { code: '09', municipalities: [{ code: '0980' }] },
    });
  });

  it('links districts to their parent municipality', async () => {
    const { data } = await gql(`{ municipality(code: "0180") { districts { code name municipality { code } } } }`);
    expect(data.municipality.districts).toHaveLength(14);
    expect(data.municipality.districts[0]).toEqual({ code: '0180-04', name: 'Bromma', municipality: { code: '0180' } });
    expect(data.municipality.districts.at(-1)).toEqual({
      code: '0180-07',
      name: 'Östermalm',
      municipality: { code: '0180' },
    });
  });

  it('filters municipalities by kommungrupp and pages them', async () => {
    const { data } = await gql(
      `{ municipalities(kommungrupp: "A1", first: 2) { totalCount nodes { name } pageInfo { hasNextPage endCursor } } }`,
    );
    expect(data.municipalities.totalCount).toBe(3);
    expect(data.municipalities.nodes).toEqual([{ name: 'Göteborg' }, { name: 'Malmö' }]);
    const next = await gql(
      `query($after: String) { municipalities(kommungrupp: "A1", first: 2, after: $after) { nodes { name } pageInfo { hasNextPage } } }`,
      {
        after: data.municipalities.pageInfo.endCursor,
      },
    );
    expect(next.data.municipalities).toEqual({ nodes: [{ name: 'Stockholm' }], pageInfo: { hasNextPage: false } });
  });
});
