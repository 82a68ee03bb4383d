import { Kind, visit, type GraphQLResolveInfo } from 'graphql';

/**
 * The names of every field the request's document selects anywhere: in its operation and in
 * every fragment it carries. Computed once per parsed document (Apollo and graphql-jit reuse the
 * same operation node for the same query text), so a lookup costs one WeakMap probe.
 *
 * Over-inclusive on purpose: a name selected under another type, or behind @skip/@include,
 * counts as selected. A query function told a field is not selected leaves out the SQL behind
 * it, so a wrong "no" would drop data while a wrong "yes" only costs time.
 */
export function selectedFieldNames(info: Pick<GraphQLResolveInfo, 'operation' | 'fragments'>): ReadonlySet<string> {
  let names = namesByOperation.get(info.operation);
  if (!names) {
    const found = new Set<string>();
    const collect = { [Kind.FIELD]: (node: { name: { value: string } }) => void found.add(node.name.value) };
    visit(info.operation, collect);
    for (const fragment of Object.values(info.fragments)) visit(fragment, collect);
    names = found;
    namesByOperation.set(info.operation, names);
  }
  return names;
}

const namesByOperation = new WeakMap<object, ReadonlySet<string>>();

/** Whether the request selects any of `fields` anywhere (see selectedFieldNames). */
export function selectsAny(
  info: Pick<GraphQLResolveInfo, 'operation' | 'fragments'>,
  fields: readonly string[],
): boolean {
  const names = selectedFieldNames(info);
  return fields.some((f) => names.has(f));
}
