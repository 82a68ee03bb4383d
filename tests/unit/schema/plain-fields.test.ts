import type { GraphQLObjectType } from 'graphql';
import { describe, expect, it } from 'vitest';
import { Region } from '../../../src/entities/index.js';
import { buildJamforSchema } from '../../../src/schema/build-schema.js';

const fieldOf = async (type: string, field: string) =>
  ((await buildJamforSchema()).getType(type) as GraphQLObjectType).getFields()[field]!;

describe('plain fields of the built schema', () => {
  it.each([
    ['Share', 'share'],
    ['RoutineTrendPoint', 'year'],
    ['RoutineProfileItem', 'answer'],
    ['RegionComparisonRow', 'rank'],
    ['RoutineComparisonRowConnection', 'nodes'],
    ['Municipality', 'name'],
  ])('reads %s.%s straight off the object (no resolver)', async (type, field) => {
    expect((await fieldOf(type, field)).resolve).toBeUndefined();
  });

  it('keeps a resolver that reads the property of a field named unlike it (Region.code is regionCode)', async () => {
    const code = await fieldOf('Region', 'code');
    expect(code.resolve).toBeDefined();
    const region = Object.assign(new Region(), { regionCode: '04', name: 'Södermanlands län' });
    expect(code.resolve!(region, {}, {}, {} as never)).toBe('04');
  });

  it('keeps field resolvers (Region.municipalities, RoutineComparison.rows)', async () => {
    expect((await fieldOf('Region', 'municipalities')).resolve).toBeDefined();
    expect((await fieldOf('RoutineComparison', 'rows')).resolve).toBeDefined();
  });
});
