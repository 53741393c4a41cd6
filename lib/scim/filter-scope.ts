// Two things the list routes need from a parsed filter before evaluating it in memory:
//   - every attribute it names must exist in the resource's schema: a filter on an unknown
//     attribute is almost always a mistyped IdP mapping, and answering "no match" would make the
//     IdP create a duplicate, so it is invalidFilter (RFC 7644 §3.12: "the specified attribute and
//     filter comparison combination is not supported");
//   - an equality on an indexed attribute (the lookups Okta and Entra make before every create and
//     membership check) lets the service load one row instead of the whole tenant.

import { ScimError } from "./errors";
import type { AttrPath, FilterNode } from "./filter";
import { attributesForUri, findAttribute, findExtension, type ResourceSchema } from "./schemas";
import type { AttributeDefinition } from "./schema-definitions";

function describe(path: AttrPath): string {
  return [path.uri, path.attr].filter(Boolean).join(":") + (path.sub ? `.${path.sub}` : "");
}

function resolve(path: AttrPath, attributes: readonly AttributeDefinition[] | undefined, schema: ResourceSchema | undefined): AttributeDefinition {
  let scope = attributes;
  if (path.uri !== undefined) {
    if (!schema) throw new ScimError("invalidFilter", `Unknown attribute '${describe(path)}' in filter`);
    scope = attributesForUri(schema, path.uri);
    // `urn:…:enterprise:2.0:User pr` names the extension object itself.
    if (!scope && !path.sub && findExtension(schema, `${path.uri}:${path.attr}`)) {
      return { name: path.attr, type: "complex", multiValued: false, description: "", required: false, mutability: "readWrite", returned: "default" };
    }
  }
  const def = findAttribute(scope, path.attr);
  if (!def) throw new ScimError("invalidFilter", `Unknown attribute '${describe(path)}' in filter`);
  if (path.sub === undefined) return def;
  const sub = findAttribute(def.subAttributes, path.sub);
  if (!sub) throw new ScimError("invalidFilter", `Unknown attribute '${describe(path)}' in filter`);
  return sub;
}

function check(node: FilterNode, attributes: readonly AttributeDefinition[] | undefined, schema: ResourceSchema | undefined): void {
  switch (node.kind) {
    case "and":
    case "or":
      return node.filters.forEach((f) => check(f, attributes, schema));
    case "not":
      return check(node.filter, attributes, schema);
    case "present":
    case "compare":
      resolve(node.path, attributes, schema);
      return;
    case "valuePath": {
      const def = resolve(node.path, attributes, schema);
      if (def.type !== "complex") throw new ScimError("invalidFilter", `'${describe(node.path)}' has no sub-attributes to filter on`);
      return check(node.filter, def.subAttributes, undefined);
    }
  }
}

export function assertFilterAttributes(filter: FilterNode, schema: ResourceSchema): void {
  check(filter, attributesForUri(schema, undefined), schema);
}

export type IndexedAttribute = "id" | "externalId" | "userName" | "displayName";

// An `eq` on one of `indexed`, at the top level or inside a top-level `and`.
export function indexedEquality(
  filter: FilterNode | undefined,
  schema: ResourceSchema,
  indexed: readonly IndexedAttribute[],
): { attribute: IndexedAttribute; value: string } | null {
  if (!filter) return null;
  const terms = filter.kind === "and" ? filter.filters : [filter];
  for (const term of terms) {
    if (term.kind !== "compare" || term.op !== "eq" || typeof term.value !== "string" || term.path.sub) continue;
    if (term.path.uri !== undefined && term.path.uri.toLowerCase() !== schema.core.id.toLowerCase()) continue;
    const hit = indexed.find((name) => name.toLowerCase() === term.path.attr.toLowerCase());
    if (hit) return { attribute: hit, value: term.value };
  }
  return null;
}
