import { RecordError, SfError } from "./errors";
import { IdFactory, normalizeId, sobjectTypeForId } from "./ids";
import type { FieldDef, SObjectSchema } from "./schemas";
import { coerceValue, formatDateTime, validateValue } from "./values";

export type Row = Record<string, unknown>;
export type Values = Map<FieldDef, unknown>;

/**
 * In-memory org data. Every mutation goes through setRow so unique indexes and the undo log
 * (used for allOrNone rollbacks, which nest inside composite requests) stay consistent.
 */
export class Store {
  private readonly tables = new Map<string, Map<string, Row>>();
  private readonly uniqueIndex = new Map<string, Map<string, string>>();
  private readonly deletedIds = new Set<string>();
  /** Updates per record id, for tests that count duplicate writes. */
  readonly writes = new Map<string, number>();
  private undoLog: Array<() => void> = [];
  private readonly marks: number[] = [];

  constructor(
    readonly schemas: Map<string, SObjectSchema>,
    private readonly ids: IdFactory,
    private readonly now: () => number = Date.now,
  ) {
    for (const schema of schemas.values()) this.tables.set(schema.name, new Map());
  }

  schema(type: string): SObjectSchema | undefined {
    return this.schemas.get(type.toLowerCase());
  }

  rows(type: string): Row[] {
    return [...(this.tables.get(type)?.values() ?? [])];
  }

  get(type: string, id: string): Row | undefined {
    const norm = normalizeId(id);
    return norm ? this.tables.get(type)?.get(norm) : undefined;
  }

  /** Any record by id, whatever its type (polymorphic lookups such as WhoId). */
  getAny(id: string): { type: string; row: Row } | undefined {
    const norm = normalizeId(id);
    const type = norm && sobjectTypeForId(norm);
    const row = type ? this.tables.get(type)?.get(norm) : undefined;
    return type && row ? { type, row } : undefined;
  }

  isDeleted(id: string): boolean {
    const norm = normalizeId(id);
    return norm !== undefined && this.deletedIds.has(norm);
  }

  findByField(schema: SObjectSchema, def: FieldDef, value: unknown): Row[] {
    if (def.type === "id") {
      const row = typeof value === "string" ? this.get(schema.name, value) : undefined;
      return row ? [row] : [];
    }
    const key = typeof value === "string" ? value.toLowerCase() : value;
    if (def.unique) {
      const id = this.uniqueIndex.get(`${schema.name}.${def.name}`)?.get(String(key));
      const row = id ? this.tables.get(schema.name)?.get(id) : undefined;
      return row ? [row] : [];
    }
    return this.rows(schema.name).filter((r) => {
      const v = r[def.name];
      return (typeof v === "string" ? v.toLowerCase() : v) === key;
    });
  }

  /** Phase 1 of a write: names and JSON types. Failures reject the whole request, as Salesforce's deserializer does. */
  deserialize(schema: SObjectSchema, input: Record<string, unknown>): Values {
    const out: Values = new Map();
    for (const [key, raw] of Object.entries(input)) {
      if (key === "attributes") continue;
      const def = schema.byLowerName.get(key.toLowerCase());
      if (!def) throw new SfError(400, "INVALID_FIELD", `No such column '${key}' on sobject of type ${schema.name}`);
      out.set(def, coerceValue(def, raw));
    }
    return out;
  }

  insert(schema: SObjectSchema, values: Values, actorId: string, opts: { system?: boolean } = {}): string {
    if (!opts.system) this.checkWritable(values, "create");
    const ts = formatDateTime(this.now());
    const row: Row = {};
    for (const def of schema.fields) row[def.name] = def.type === "boolean" ? false : null;
    for (const def of schema.fields) if (def.defaultValue !== undefined) row[def.name] = def.defaultValue;
    if (schema.byLowerName.has("ownerid")) row.OwnerId = actorId;
    Object.assign(row, { IsDeleted: false, CreatedDate: ts, CreatedById: actorId, LastModifiedDate: ts, LastModifiedById: actorId, SystemModstamp: ts });
    if (schema.name === "User") delete row.IsDeleted;
    this.applyValues(row, values);
    Object.assign(row, schema.createDefaults?.(row), schema.compute?.(row));
    const id = typeof row.Id === "string" ? row.Id : this.ids.next(schema.name);
    row.Id = id;
    if (sobjectTypeForId(id) !== schema.name) {
      throw new RecordError("MALFORMED_ID", `${schema.label} ID: id value of incorrect type: ${id}`, ["Id"]);
    }
    if (this.tables.get(schema.name)?.has(id)) {
      throw new RecordError("DUPLICATE_VALUE", `duplicate value found: Id duplicates value on record with id: ${id}`);
    }
    this.checkRow(schema, row, id);
    this.setRow(schema.name, id, row);
    return id;
  }

  update(schema: SObjectSchema, id: string, values: Values, actorId: string): void {
    const existing = this.requireRow(schema, id);
    this.checkWritable(values, "update");
    const row: Row = { ...existing };
    this.applyValues(row, values);
    const ts = formatDateTime(this.now());
    Object.assign(row, { LastModifiedDate: ts, LastModifiedById: actorId, SystemModstamp: ts }, schema.compute?.(row));
    this.checkRow(schema, row, existing.Id as string);
    this.setRow(schema.name, existing.Id as string, row);
    this.writes.set(existing.Id as string, (this.writes.get(existing.Id as string) ?? 0) + 1);
  }

  remove(schema: SObjectSchema, id: string): void {
    const existing = this.requireRow(schema, id);
    this.setRow(schema.name, existing.Id as string, undefined);
  }

  requireRow(schema: SObjectSchema, id: string): Row {
    const norm = normalizeId(id);
    if (!norm || sobjectTypeForId(norm) !== schema.name) {
      throw new RecordError("MALFORMED_ID", `${schema.label} ID: id value of incorrect type: ${id}`, ["Id"]);
    }
    const row = this.tables.get(schema.name)?.get(norm);
    if (!row) throw new RecordError("ENTITY_IS_DELETED", "entity is deleted");
    return row;
  }

  begin(): void {
    this.marks.push(this.undoLog.length);
  }

  commit(): void {
    this.marks.pop();
    if (this.marks.length === 0) this.undoLog = [];
  }

  rollback(): void {
    const mark = this.marks.pop() ?? 0;
    while (this.undoLog.length > mark) this.undoLog.pop()?.();
  }

  private applyValues(row: Row, values: Values): void {
    for (const [def, raw] of values) {
      const { value, error } = validateValue(def, raw);
      if (error) throw error;
      row[def.name] = value;
    }
  }

  private checkWritable(values: Values, mode: "create" | "update"): void {
    const blocked = [...values.keys()].filter((def) => (mode === "create" ? !def.createable : !def.updateable));
    if (blocked.length === 0) return;
    const names = blocked.map((d) => d.name);
    throw new RecordError(
      "INVALID_FIELD_FOR_INSERT_UPDATE",
      `Unable to create/update fields: ${names.join(", ")}. Please check the security settings of this field and verify that it is read/write for your profile or permission set.`,
      names,
    );
  }

  private checkRow(schema: SObjectSchema, row: Row, id: string): void {
    const missing = schema.fields.filter((d) => d.required && (row[d.name] === null || row[d.name] === undefined));
    if (missing.length > 0) {
      const names = missing.map((d) => d.name);
      throw new RecordError("REQUIRED_FIELD_MISSING", `Required fields are missing: [${names.join(", ")}]`, names);
    }
    for (const def of schema.fields) {
      const value = row[def.name];
      if (def.type === "reference" && typeof value === "string" && value !== id) this.checkReference(def, value);
      if (def.unique && typeof value === "string") {
        const other = this.uniqueIndex.get(`${schema.name}.${def.name}`)?.get(value.toLowerCase());
        if (other && other !== id) {
          throw new RecordError("DUPLICATE_VALUE", `duplicate value found: ${def.name} duplicates value on record with id: ${other}`);
        }
      }
    }
  }

  private checkReference(def: FieldDef, id: string): void {
    const type = sobjectTypeForId(id);
    if (!type || !def.referenceTo?.includes(type)) {
      throw new RecordError("FIELD_INTEGRITY_EXCEPTION", `${def.label} ID: id value of incorrect type: ${id}`, [def.name]);
    }
    if (!this.tables.has(type)) return;
    if (this.deletedIds.has(id)) throw new RecordError("ENTITY_IS_DELETED", "entity is deleted", [def.name]);
    if (!this.tables.get(type)?.has(id)) {
      throw new RecordError("INVALID_CROSS_REFERENCE_KEY", "invalid cross reference id", [def.name]);
    }
  }

  private setRow(type: string, id: string, next: Row | undefined): void {
    const table = this.tables.get(type);
    if (!table) throw new Error(`no table ${type}`);
    const prev = table.get(id);
    this.reindex(type, id, prev, next);
    if (next) {
      table.set(id, next);
      this.deletedIds.delete(id);
    } else {
      table.delete(id);
      this.deletedIds.add(id);
    }
    if (this.marks.length > 0) {
      this.undoLog.push(() => {
        this.reindex(type, id, next, prev);
        if (prev) {
          table.set(id, prev);
          this.deletedIds.delete(id);
        } else {
          table.delete(id);
        }
      });
    }
  }

  private reindex(type: string, id: string, prev: Row | undefined, next: Row | undefined): void {
    const schema = this.schema(type);
    for (const def of schema?.fields ?? []) {
      if (!def.unique) continue;
      const key = `${type}.${def.name}`;
      const index = this.uniqueIndex.get(key) ?? new Map<string, string>();
      this.uniqueIndex.set(key, index);
      const before = prev?.[def.name];
      if (typeof before === "string" && index.get(before.toLowerCase()) === id) index.delete(before.toLowerCase());
      const after = next?.[def.name];
      if (typeof after === "string") index.set(after.toLowerCase(), id);
    }
  }
}
