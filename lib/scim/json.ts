// JSON helpers shared by the SCIM core. SCIM attribute names are case-insensitive (RFC 7643 §2.1),
// so every lookup into a client-supplied object goes through findKey rather than obj[name].

export type JsonPrimitive = string | number | boolean | null;
export type JsonValue = JsonPrimitive | JsonValue[] | JsonObject;
export interface JsonObject {
  [key: string]: JsonValue;
}

export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

export function findKey(obj: JsonObject, name: string): string | undefined {
  if (Object.hasOwn(obj, name)) return name;
  const lower = name.toLowerCase();
  return Object.keys(obj).find((k) => k.toLowerCase() === lower);
}

export function getCi(obj: JsonObject, name: string): JsonValue | undefined {
  const key = findKey(obj, name);
  return key === undefined ? undefined : obj[key];
}

// Writes under the canonical name and drops any differently-cased duplicate, so a resource never
// carries both "userName" and "USERNAME".
export function setCi(obj: JsonObject, name: string, value: JsonValue): void {
  const existing = findKey(obj, name);
  if (existing !== undefined && existing !== name) delete obj[existing];
  obj[name] = value;
}

export function deleteCi(obj: JsonObject, name: string): boolean {
  const key = findKey(obj, name);
  if (key === undefined) return false;
  delete obj[key];
  return true;
}

// Request bodies come from JSON.parse, but callers may hand us objects with undefined members;
// those are dropped so the result is always plain JSON.
export function cloneJson<T extends JsonValue>(value: T): T {
  if (Array.isArray(value)) return value.map((v) => cloneJson(v)) as T;
  if (isJsonObject(value)) {
    const out: JsonObject = {};
    for (const [k, v] of Object.entries(value)) if (v !== undefined) out[k] = cloneJson(v);
    return out as T;
  }
  return value;
}

export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    return a.every((v, i) => deepEqual(v, b[i]));
  }
  if (isJsonObject(a) && isJsonObject(b)) {
    const ka = Object.keys(a).filter((k) => a[k] !== undefined);
    const kb = Object.keys(b).filter((k) => b[k] !== undefined);
    return ka.length === kb.length && ka.every((k) => Object.hasOwn(b, k) && deepEqual(a[k], b[k]));
  }
  return false;
}

// RFC 7643 §2.5 equates null and [] with "unassigned"; we extend that to "" and to objects with
// nothing assigned, so `{"title": ""}` or `{"name": {}}` never stores an empty husk.
export function isUnassigned(value: JsonValue | undefined): boolean {
  if (value === undefined || value === null || value === "") return true;
  if (Array.isArray(value)) return value.every(isUnassigned);
  if (isJsonObject(value)) return Object.values(value).every(isUnassigned);
  return false;
}
