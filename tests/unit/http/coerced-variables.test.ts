import { getVariableValues, parse, type GraphQLSchema, type OperationDefinitionNode } from 'graphql';
import { beforeAll, describe, expect, it } from 'vitest';
import { coercedVariables } from '../../../src/http/coerced-variables.js';
import { buildJamforSchema } from '../../../src/schema/build-schema.js';

let schema: GraphQLSchema;
beforeAll(async () => {
  schema = await buildJamforSchema();
});

const operationOf = (query: string) => parse(query).definitions[0] as OperationDefinitionNode;
const TREND = operationOf(`query T($q: String!, $u: String!, $from: Int = 2010, $to: Int!) {
  routineTrend(question: $q, unit: $u, fromYear: $from, toYear: $to) { points { year } }
}`);

describe('coercedVariables', () => {
  it('coerces as graphql-js does: declared variables only, defaults applied, or its errors', () => {
    const request = { variables: { q: 'A.x', u: '0180', to: 2024, undeclared: 1 } };
    expect(coercedVariables(schema, TREND, request)).toEqual(
      getVariableValues(schema, TREND.variableDefinitions!, request.variables),
    );
    expect(coercedVariables(schema, TREND, request)).toEqual({
      coerced: { q: 'A.x', u: '0180', from: 2010, to: 2024 },
    });
    const refused = coercedVariables(schema, TREND, { variables: { q: 'A.x', u: '0180', to: 'soon' } });
    expect(refused.errors?.map((e) => e.message)).toEqual([
      'Variable "$to" got invalid value "soon"; Int cannot represent non-integer value: "soon"',
    ]);
  });

  it("coerces one request's variables once for every hook that asks (Apollo's executor gets a copy of the request holding the same variables)", () => {
    const variables = { q: 'A.x', u: '0180', to: 2024 };
    const first = coercedVariables(schema, TREND, { variables });
    expect(coercedVariables(schema, TREND, { variables })).toBe(first);
    // Another operation over the same object is coerced for that operation.
    const other = operationOf('query O($q: String!) { question(code: $q) { code } }');
    expect(coercedVariables(schema, other, { variables })).toEqual({ coerced: { q: 'A.x' } });
  });
});
