import { getIntrospectionQuery } from 'graphql';
import { describe, expect, it } from 'vitest';
import { useTestApi } from '../../helpers/api.js';

/*
 * An operation is executed by graphql-js the first time it is seen and by its compiled form
 * (graphql-jit, src/http/compiled-execution.ts) after that. Each case sends one document three
 * times: the second and third answers come from the compiled operation and must be the first
 * answer, byte for byte and status for status — data, errors, codes and paths alike.
 */

const { api } = useTestApi();

async function thrice(query: string, variables?: Record<string, unknown>) {
  const answers: { status: number; text: string }[] = [];
  for (let i = 0; i < 3; i++) {
    const res = await api.post(query, variables);
    answers.push({ status: res.status, text: await res.text() });
  }
  expect(answers[1]).toEqual(answers[0]);
  expect(answers[2]).toEqual(answers[0]);
  const [first] = answers;
  if (!first) throw new Error('no answer');
  return { status: first.status, body: JSON.parse(first.text) };
}

const PAGE = `query Page($first: Int!, $after: String) {
  municipalities(first: $first, after: $after) {
    totalCount
    nodes { code name region { code name } kommungrupp { code } }
    pageInfo { hasNextPage }
  }
}`;

describe('compiled execution answers as graphql-js does', () => {
  it('a page of municipalities with nested loaders', async () => {
    const { status, body } = await thrice(PAGE, { first: 2 });
    expect(status).toBe(200);
    expect(body).toEqual({
      data: {
        municipalities: {
          totalCount: 290,
          nodes: [
            {
              code: '1440',
              name: 'Ale',
              region: { code: '14', name: 'Västra Götalands län' },
              kommungrupp: { code: 'A2' },
            },
            {
              code: '1489',
              name: 'Alingsås',
              region: { code: '14', name: 'Västra Götalands län' },
              kommungrupp: { code: 'A2' },
            },
          ],
          pageInfo: { hasNextPage: true },
        },
      },
    });
  });

  it('a resolver error: NOT_FOUND with its path, data null', async () => {
    const { status, body } = await thrice(`query R($code: String!) { region(code: $code) { code name } }`, {
      code: '77',
    });
    expect(status).toBe(200);
    expect(body).toEqual({
      data: null,
      errors: [
        {
          message: 'region "77" not found',
          locations: [{ line: 1, column: 27 }],
          path: ['region'],
          extensions: { code: 'NOT_FOUND', what: 'region', key: '77' },
        },
      ],
    });
  });

  it('variables that do not coerce, after the operation was compiled', async () => {
    await thrice(PAGE, { first: 3 });
    const { status, body } = await thrice(PAGE, { first: 'three' });
    expect(status).toBe(400);
    expect(body.errors).toHaveLength(1);
    expect(body.errors[0].extensions.code).toBe('BAD_USER_INPUT');
    expect(body.errors[0].message).toBe(
      'Variable "$first" got invalid value "three"; Int cannot represent non-integer value: "three"',
    );
  });

  it('introspection and __typename', async () => {
    const { status, body } = await thrice(`{ __schema { queryType { name } } regions { __typename code } }`);
    expect(status).toBe(200);
    expect(body.data.__schema).toEqual({ queryType: { name: 'Query' } });
    expect(body.data.regions).toHaveLength(21);
    expect(body.data.regions[0]).toEqual({ __typename: 'Region', code: '10' });
  });

  it('named and inline fragments, nested', async () => {
    const { status, body } = await thrice(
      `query F($code: String!) {
        municipality(code: $code) {
          ...Unit
          region { ...Place municipalities { ... on Municipality { code } } }
        }
      }
      fragment Unit on Municipality { code name kommungrupp { ...Group } }
      fragment Place on Region { code name }
      fragment Group on Kommungrupp { code }`,
      { code: '0980' },
    );
    expect(status).toBe(200);
    expect(body.data).toEqual({
      municipality: {
        code: '0980',
        name: 'Gotland',
        kommungrupp: { code: 'C6' },
        region: { code: '09', name: 'Gotlands län', municipalities: [{ code: '0980' }] },
      },
    });
  });

  it('the standard introspection query, fragments and all', async () => {
    const { status, body } = await thrice(getIntrospectionQuery());
    expect(status).toBe(200);
    const names = body.data.__schema.types.map((t: { name: string }) => t.name);
    expect(names).toContain('Municipality');
    expect(names).toContain('RoutineComparison');
  });
});
