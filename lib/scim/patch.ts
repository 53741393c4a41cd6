// PATCH engine (RFC 7644 §3.5.2): applies PatchOp operations to a resource and returns a new one;
// the input is never mutated, so the route can diff before/after and skip a no-op write.
//
// Client quirks accepted, all without a mode switch because their forms never conflict:
//   - Entra default mode: capitalised ops ("Replace"), booleans as "True"/"False", member removal
//     as {op:"Remove", path:"members", value:[{value:id}]}, a bare id for `manager`;
//   - Entra ?aadOptscim062020 / Okta: lower-case ops, path-less replace/add whose value keys are
//     paths ("name.givenName", "urn:…:enterprise:2.0:User:department", `emails[type eq "work"].value`),
//     removal as path `members[value eq "id"]`;
//   - add with a value filter that matches nothing creates the element from the filter's `eq`
//     terms (Entra sends `add phoneNumbers[type eq "work"].value` for a first work phone);
//   - Okta: a path-less replace that restates a read-only attribute with its current value
//     (`{"id": "<the group's id>", "displayName": "new"}`) ignores that key.
// Decisions where RFC 7644 is explicit and scimmy differs (see patch.test.ts):
//   - replace on a complex attribute merges: "sub-attributes that are not specified in the value
//     parameter are left unchanged" (§3.5.2.3);
//   - replace with a value filter that matches nothing is noTarget (§3.5.2.3), not an add;
//   - remove by filter that matches nothing is noTarget; remove by `value` list (Entra) that
//     matches nothing is a no-op, so a retried unassignment succeeds.

import { ScimError } from "./errors";
import { parsePatchPath, type FilterNode } from "./filter";
import { matchesElement, sameValue } from "./filter-match";
import { cloneJson, deleteCi, findKey, getCi, isJsonObject, isUnassigned, setCi, type JsonObject, type JsonValue } from "./json";
import { attributesForUri, coerceAttribute, findAttribute, findExtension, type ResourceSchema } from "./schemas";
import type { AttributeDefinition, SchemaDefinition } from "./schema-definitions";

export const PATCH_OP_SCHEMA = "urn:ietf:params:scim:api:messages:2.0:PatchOp";

export type PatchOpName = "add" | "remove" | "replace";

export interface PatchOperation {
  readonly op: PatchOpName;
  readonly path?: string;
  readonly value?: JsonValue;
}

export interface PatchOptions {
  readonly schema: ResourceSchema;
}

function normaliseOperation(raw: unknown, index: number): PatchOperation {
  const where = `operation ${index + 1}`;
  if (!isJsonObject(raw)) throw new ScimError("invalidSyntax", `PatchOp ${where} must be an object`);
  const op = getCi(raw, "op");
  const path = getCi(raw, "path");
  const value = getCi(raw, "value");
  if (typeof op !== "string" || !/^(add|remove|replace)$/i.test(op)) {
    throw new ScimError("invalidSyntax", `PatchOp ${where} has an invalid 'op'`);
  }
  const name = op.toLowerCase() as PatchOpName;
  if (path !== undefined && path !== null && typeof path !== "string") throw new ScimError("invalidPath", `PatchOp ${where} has a non-string 'path'`);
  const hasPath = typeof path === "string" && path.trim() !== "";
  if (name === "remove" && !hasPath) throw new ScimError("noTarget", `PatchOp ${where}: remove requires a 'path'`);
  if (name !== "remove" && value === undefined) throw new ScimError("invalidValue", `PatchOp ${where}: ${name} requires a 'value'`);
  if (name !== "remove" && !hasPath && !isJsonObject(value)) {
    throw new ScimError("invalidValue", `PatchOp ${where}: without a 'path' the value must be an object`);
  }
  return { op: name, ...(hasPath ? { path } : {}), ...(value !== undefined ? { value } : {}) };
}

// Validates a PATCH request body and returns its operations with lower-cased op names.
export function parsePatchRequest(body: unknown): PatchOperation[] {
  if (!isJsonObject(body)) throw new ScimError("invalidSyntax", "The request body must be a PatchOp message");
  const schemas = getCi(body, "schemas");
  if (!Array.isArray(schemas) || !schemas.some((s) => typeof s === "string" && s.toLowerCase() === PATCH_OP_SCHEMA.toLowerCase())) {
    throw new ScimError("invalidSyntax", `'schemas' must be ["${PATCH_OP_SCHEMA}"]`);
  }
  const operations = getCi(body, "Operations");
  if (!Array.isArray(operations) || operations.length === 0) throw new ScimError("invalidSyntax", "'Operations' must be a non-empty array");
  return operations.map(normaliseOperation);
}

interface Target {
  readonly text: string;
  readonly extension?: SchemaDefinition; // the attribute lives in this extension object
  readonly whole?: SchemaDefinition; // the path is the extension URN itself
  readonly attribute: AttributeDefinition;
  readonly filter?: FilterNode;
  readonly sub?: AttributeDefinition;
}

function resolveTarget(schema: ResourceSchema, text: string): Target {
  const parsed = parsePatchPath(text);
  const { uri, attr, sub } = parsed.path;
  if (uri !== undefined && !sub && !parsed.filter) {
    const whole = findExtension(schema, `${uri}:${attr}`);
    if (whole) return { text, whole, attribute: { name: whole.id, type: "complex", multiValued: false, description: "", required: false, mutability: "readWrite", returned: "default", subAttributes: whole.attributes } };
  }
  const attributes = attributesForUri(schema, uri);
  const attribute = findAttribute(attributes, attr);
  if (!attribute) throw new ScimError("invalidPath", `Unknown attribute in path '${text}'`);
  const extension = uri !== undefined ? findExtension(schema, uri) : undefined;
  if (parsed.filter && !attribute.multiValued) throw new ScimError("invalidPath", `'${attribute.name}' is single-valued and cannot take a filter`);
  const subName = sub ?? parsed.subAttr;
  let subDef: AttributeDefinition | undefined;
  if (subName !== undefined) {
    subDef = findAttribute(attribute.subAttributes, subName);
    if (!subDef) throw new ScimError("invalidPath", `Unknown sub-attribute in path '${text}'`);
  }
  return { text, attribute, ...(extension ? { extension } : {}), ...(parsed.filter ? { filter: parsed.filter } : {}), ...(subDef ? { sub: subDef } : {}) };
}

// The `{type: "work"}` an Entra-style add creates when `emails[type eq "work"]` matches nothing.
function filterTemplate(filter: FilterNode): JsonObject | undefined {
  const terms = filter.kind === "and" ? filter.filters : [filter];
  const out: JsonObject = {};
  for (const t of terms) {
    if (t.kind !== "compare" || t.op !== "eq" || t.value === null || t.path.uri || t.path.sub) return undefined;
    out[t.path.attr] = t.value;
  }
  return out;
}

class Patcher {
  constructor(
    readonly doc: JsonObject,
    readonly schema: ResourceSchema,
  ) {}

  container(target: Target, create: boolean): JsonObject | undefined {
    if (!target.extension) return this.doc;
    const existing = getCi(this.doc, target.extension.id);
    if (isJsonObject(existing)) return existing;
    if (!create) return undefined;
    const made: JsonObject = {};
    setCi(this.doc, target.extension.id, made);
    return made;
  }

  coerce(def: AttributeDefinition, value: JsonValue, target: Target): JsonValue | undefined {
    return coerceAttribute(def, value, target.text);
  }

  checkMutability(target: Target, op: PatchOpName): void {
    const def = target.sub ?? target.attribute;
    if (target.attribute.mutability === "readOnly" || def.mutability === "readOnly") {
      throw new ScimError("mutability", `'${target.text}' is read-only`);
    }
    // Immutable values may be set once; appending to a multi-valued one leaves existing values be.
    if (def.mutability === "immutable" && !(op === "add" && def.multiValued)) {
      if (this.read(target).some((v) => !isUnassigned(v))) throw new ScimError("mutability", `'${target.text}' is immutable`);
    }
  }

  current(target: Target): JsonValue[] {
    const container = this.container(target, false);
    const value = container ? getCi(container, target.attribute.name) : undefined;
    return value === undefined || value === null ? [] : Array.isArray(value) ? [...value] : [value];
  }

  read(target: Target): JsonValue[] {
    const { filter, sub } = target;
    const items = this.current(target).filter((v) => !filter || matchesElement(filter, v, target.attribute));
    if (!sub) return items;
    return items.flatMap((v) => (isJsonObject(v) ? [getCi(v, sub.name) ?? null] : []));
  }

  elements(target: Target): JsonObject[] {
    return this.current(target).filter(isJsonObject);
  }

  // Reference lists (members, groups) are keyed by the referenced id alone, so re-adding a member
  // with a display name does not duplicate it.
  sameElement(target: Target, a: JsonValue, b: JsonValue): boolean {
    const subs = target.attribute.subAttributes;
    if (subs?.some((s) => s.name === "$ref") && isJsonObject(a) && isJsonObject(b)) {
      const [x, y] = [getCi(a, "value"), getCi(b, "value")];
      if (x !== undefined && y !== undefined) return sameValue(x, y, findAttribute(subs, "value"));
    }
    return sameValue(a, b, target.attribute);
  }

  store(target: Target, value: JsonValue | undefined): void {
    const container = this.container(target, value !== undefined);
    if (!container) return;
    if (value === undefined || isUnassigned(value)) deleteCi(container, target.attribute.name);
    else setCi(container, target.attribute.name, value);
  }

  // Applies `edit` to the elements the target's filter selects; with none, `onNone` decides.
  editMatches(target: Target, edit: (element: JsonObject) => JsonObject | undefined, onNone: () => void): void {
    const current = this.elements(target);
    const filter = target.filter!;
    const hits = current.filter((e) => matchesElement(filter, e, target.attribute));
    if (hits.length === 0) return onNone();
    const next = current.flatMap((e) => {
      if (!hits.includes(e)) return [e];
      const edited = edit(e);
      return edited && !isUnassigned(edited) ? [edited] : [];
    });
    this.store(target, next);
    this.settlePrimary(target, next.filter((e) => !current.includes(e)));
  }

  setSub(element: JsonObject, sub: AttributeDefinition, value: JsonValue | undefined): JsonObject {
    const copy = { ...element };
    if (value === undefined) deleteCi(copy, sub.name);
    else setCi(copy, sub.name, value);
    return copy;
  }

  // RFC 7644 §3.5.2: a value written with primary=true demotes every other value.
  settlePrimary(target: Target, written: JsonValue[]): void {
    if (!written.some((w) => isJsonObject(w) && w.primary === true)) return;
    const all = this.elements(target);
    const winner = [...written].reverse().find((w) => isJsonObject(w) && w.primary === true);
    for (const e of all) if (e !== winner && e.primary === true) e.primary = false;
  }

  add(target: Target, value: JsonValue): void {
    this.checkMutability(target, "add");
    const { attribute, sub, filter } = target;
    if (target.whole) return this.eachKey(value, "add", target.whole);
    if (filter) {
      const piece = sub ? this.coerce(sub, value, target) : this.coerceElement(target, value);
      return this.editMatches(
        target,
        (e) => (sub ? this.setSub(e, sub, piece) : { ...e, ...(piece as JsonObject) }),
        () => {
          if (sub && piece === undefined) return; // adding "nothing" to a value that does not exist
          const template = filterTemplate(filter);
          if (!template) throw new ScimError("noTarget", `No value matches '${target.text}'`);
          const seed = sub ? { ...template, [sub.name]: value } : { ...template, ...(isJsonObject(value) ? value : {}) };
          this.append(target, [this.coerceElement(target, seed)]);
        },
      );
    }
    if (sub) return this.setSubEverywhere(target, value);
    if (attribute.multiValued) {
      const items = this.coerce(attribute, value, target);
      return this.append(target, Array.isArray(items) ? items : []);
    }
    if (attribute.type === "complex") return this.merge(target, value);
    this.store(target, this.coerce(attribute, value, target));
  }

  replace(target: Target, value: JsonValue): void {
    this.checkMutability(target, "replace");
    const { attribute, sub, filter } = target;
    if (target.whole) return this.eachKey(value, "replace", target.whole);
    if (filter) {
      const piece = sub ? this.coerce(sub, value, target) : this.coerceElement(target, value);
      return this.editMatches(
        target,
        (e) => (sub ? this.setSub(e, sub, piece) : cloneJson(piece as JsonObject)),
        () => {
          throw new ScimError("noTarget", `No value matches '${target.text}'`);
        },
      );
    }
    if (sub) return this.setSubEverywhere(target, value);
    if (attribute.multiValued) {
      const items = this.coerce(attribute, value, target);
      this.store(target, items);
      return this.settlePrimary(target, Array.isArray(items) ? items : []);
    }
    if (attribute.type === "complex") return this.merge(target, value);
    this.store(target, this.coerce(attribute, value, target));
  }

  remove(target: Target, value: JsonValue | undefined): void {
    this.checkMutability(target, "remove");
    const { attribute, sub, filter } = target;
    const container = this.container(target, false);
    if (target.whole) {
      deleteCi(this.doc, target.whole.id);
      return;
    }
    if (filter) {
      return this.editMatches(
        target,
        (e) => (sub ? this.setSub(e, sub, undefined) : undefined),
        () => {
          throw new ScimError("noTarget", `No value matches '${target.text}'`);
        },
      );
    }
    if (!container) return;
    if (sub) {
      const stripped = this.current(target)
        .map((e) => (isJsonObject(e) ? this.setSub(e, sub, undefined) : e))
        .filter((e) => !isUnassigned(e));
      return this.store(target, attribute.multiValued ? stripped : stripped[0]);
    }
    if (value !== undefined && value !== null && attribute.multiValued) {
      const doomed = (Array.isArray(value) ? value : [value]).map((v) => this.coerceElement(target, v, true));
      return this.store(target, this.current(target).filter((e) => !doomed.some((d) => this.selects(d, e, target))));
    }
    deleteCi(container, attribute.name);
  }

  // Entra's `value: [{value: id}]` selects elements whose given sub-attributes all match; a null
  // sub-attribute selects elements where it is unassigned.
  selects(selector: JsonValue, element: JsonValue, target: Target): boolean {
    if (!isJsonObject(selector)) return sameValue(selector, element, target.attribute);
    if (!isJsonObject(element) || Object.keys(selector).length === 0) return false;
    return Object.entries(selector).every(([k, v]) => {
      const actual = getCi(element, k);
      if (v === null || isUnassigned(v)) return isUnassigned(actual ?? null);
      return actual !== undefined && sameValue(v, actual, findAttribute(target.attribute.subAttributes, k));
    });
  }

  coerceElement(target: Target, value: JsonValue, keepNulls = false): JsonValue {
    const single: AttributeDefinition = { ...target.attribute, multiValued: false };
    const one = Array.isArray(value) && value.length === 1 ? value[0]! : value;
    if (keepNulls && isJsonObject(one)) {
      const nulls = Object.entries(one).filter(([, v]) => v === null);
      return { ...((coerceAttribute(single, one, target.text) as JsonObject | undefined) ?? {}), ...Object.fromEntries(nulls) };
    }
    const coerced = coerceAttribute(single, one, target.text);
    if (coerced === undefined) throw new ScimError("invalidValue", `An empty value cannot be written to '${target.text}'`);
    return coerced;
  }

  append(target: Target, items: JsonValue[]): void {
    const current = this.current(target);
    const added: JsonValue[] = [];
    for (const item of items) {
      if (current.some((e) => this.sameElement(target, e, item))) continue;
      current.push(item);
      added.push(item);
    }
    this.store(target, current);
    this.settlePrimary(target, added);
  }

  merge(target: Target, value: JsonValue): void {
    const patch = this.coerce(target.attribute, value, target);
    if (patch === undefined) return this.store(target, undefined);
    const container = this.container(target, false);
    const current = container ? getCi(container, target.attribute.name) : undefined;
    this.store(target, { ...(isJsonObject(current) ? current : {}), ...(patch as JsonObject) });
  }

  setSubEverywhere(target: Target, value: JsonValue): void {
    const sub = target.sub!;
    const piece = this.coerce(sub, value, target);
    const container = this.container(target, piece !== undefined);
    const current = container ? getCi(container, target.attribute.name) : undefined;
    if (!target.attribute.multiValued) {
      return this.store(target, this.setSub(isJsonObject(current) ? current : {}, sub, piece));
    }
    const list = Array.isArray(current) && current.length ? current : [{}];
    const next = list.map((e) => (isJsonObject(e) ? this.setSub(e, sub, piece) : e)).filter((e) => !isUnassigned(e));
    this.store(target, next);
    this.settlePrimary(target, next);
  }

  // Okta renames a group with a path-less replace whose value repeats the group's `id`: a read-only
  // attribute restated with its current value changes nothing, so it is not a mutability error.
  restatesReadOnly(target: Target, value: JsonValue): boolean {
    const def = target.sub ?? target.attribute;
    if (def.mutability !== "readOnly" || target.filter || target.whole || target.attribute.multiValued) return false;
    const current = this.read(target);
    return current.length === 1 && sameValue(current[0]!, value, def);
  }

  // Path-less add/replace: each key of the value is itself a path (Entra sends dotted and URN keys).
  eachKey(value: JsonValue, op: "add" | "replace", within?: SchemaDefinition): void {
    if (!isJsonObject(value)) throw new ScimError("invalidValue", "The value must be an object");
    for (const [key, v] of Object.entries(value)) {
      // `schemas` describes the value object itself (some clients send a whole resource here).
      if (v === undefined || (!within && key.toLowerCase() === "schemas")) continue;
      const target = resolveTarget(this.schema, within ? `${within.id}:${key}` : key);
      if (this.restatesReadOnly(target, v)) continue;
      if (target.whole && isJsonObject(v)) this.eachKey(v, op, target.whole);
      else if (op === "add") this.add(target, v);
      else this.replace(target, v);
    }
  }

  finish(): JsonObject {
    const schemas: JsonValue[] = [this.schema.core.id];
    for (const { schema: ext } of this.schema.extensions) {
      const data = getCi(this.doc, ext.id);
      if (data !== undefined && isUnassigned(data)) deleteCi(this.doc, ext.id);
      else if (data !== undefined) schemas.push(ext.id);
    }
    if (findKey(this.doc, "schemas") !== undefined) setCi(this.doc, "schemas", schemas);
    for (const def of this.schema.core.attributes) {
      if (def.required && isUnassigned(getCi(this.doc, def.name) ?? null)) {
        throw new ScimError("invalidValue", `Required attribute '${def.name}' cannot be removed`);
      }
    }
    return this.doc;
  }
}

// Applies operations in order; any error aborts the whole PATCH (RFC 7644 §3.5.2: atomic).
export function applyPatch<T extends JsonObject>(resource: T, operations: readonly unknown[], options: PatchOptions): T {
  const patcher = new Patcher(cloneJson(resource), options.schema);
  operations.forEach((raw, index) => {
    const op = normaliseOperation(raw, index);
    if (op.path === undefined) return patcher.eachKey(op.value!, op.op === "add" ? "add" : "replace");
    const target = resolveTarget(options.schema, op.path);
    if (op.op === "add") patcher.add(target, op.value!);
    else if (op.op === "replace") patcher.replace(target, op.value!);
    else patcher.remove(target, op.value);
  });
  return patcher.finish() as T;
}
