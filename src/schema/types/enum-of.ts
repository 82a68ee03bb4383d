/**
 * The values object of a GraphQL enum, built from a src/domain tuple: `{ JA: 'JA', … }` in the
 * tuple's order (the order schema.graphql lists them in). The API's enum is then the domain's
 * vocabulary itself and cannot drift from what ingest stores. Pair it with a type of the same
 * name, `type Answer = (typeof Answer)[keyof typeof Answer]`, and registerEnumType.
 */
export function enumOf<const T extends readonly string[]>(values: T): { readonly [K in T[number]]: K } {
  return Object.fromEntries(values.map((value) => [value, value])) as { readonly [K in T[number]]: K };
}
