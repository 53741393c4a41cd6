import { defaultGroups, defaultProperties, type PropertyDef, type PropertyGroupDef } from "./default-properties.js";
import { HsError, notFound, validationError } from "./errors.js";
import { findAssociationType, OBJECT_TYPES, singular, type ObjectType } from "./object-types.js";
import { normalizeWrite } from "./property-values.js";

export interface StoredObject {
  id: string;
  type: ObjectType;
  values: Map<string, string>;
  createdAt: number;
  updatedAt: number;
  archived: boolean;
  archivedAt?: number;
}

export interface Edge {
  toType: ObjectType;
  toId: string;
  typeId: number;
}

export interface PublicObject {
  id: string;
  properties: Record<string, string | null>;
  createdAt: string;
  updatedAt: string;
  archived: boolean;
  archivedAt?: string;
}

const DEFAULT_READ: Record<ObjectType, string[]> = {
  contacts: ["createdate", "email", "firstname", "hs_object_id", "lastmodifieddate", "lastname"],
  companies: ["createdate", "domain", "hs_lastmodifieddate", "hs_object_id", "name"],
  deals: ["amount", "closedate", "createdate", "dealname", "dealstage", "hs_lastmodifieddate", "hs_object_id", "pipeline"],
  notes: ["hs_createdate", "hs_lastmodifieddate", "hs_object_id"],
  tasks: ["hs_createdate", "hs_lastmodifieddate", "hs_object_id"],
};

// HubSpot refuses notes and tasks without a timeline position.
const REQUIRED_ON_CREATE: Partial<Record<ObjectType, string[]>> = { notes: ["hs_timestamp"], tasks: ["hs_timestamp"] };

/** Everything a portal holds beyond its defaults, as plain JSON: custom groups and properties, objects, associations. */
export interface StoreSnapshot {
  groups: Array<{ type: ObjectType; group: PropertyGroupDef }>;
  properties: Array<{ type: ObjectType; property: PropertyDef }>;
  objects: Array<{ type: ObjectType; id: string; values: Record<string, string>; createdAt: number; updatedAt: number; archived: boolean; archivedAt?: number }>;
  edges: Array<{ type: ObjectType; id: string; edge: Edge }>;
}

export interface AssociationInput {
  toType: ObjectType;
  toId: string;
  typeId: number;
}

export class CrmStore {
  readonly properties = new Map<ObjectType, Map<string, PropertyDef>>();
  readonly groups = new Map<ObjectType, Map<string, PropertyGroupDef>>();
  private readonly objects = new Map<ObjectType, Map<string, StoredObject>>();
  private readonly edges = new Map<string, Edge[]>();
  /** Updates per object id, for tests that count duplicate writes. */
  readonly writes = new Map<string, number>();
  private nextId = 1001;
  private lastStamp = 0;

  constructor(
    readonly portalId: string,
    readonly ownerIds: ReadonlySet<string>,
  ) {
    const now = new Date().toISOString();
    for (const type of OBJECT_TYPES) {
      this.properties.set(type, new Map(defaultProperties(type, now).map((p) => [p.name, p])));
      this.groups.set(type, new Map(defaultGroups(type).map((g) => [g.name, g])));
      this.objects.set(type, new Map());
    }
  }

  dump(): StoreSnapshot {
    const groups = OBJECT_TYPES.flatMap((type) => [...this.groups.get(type)!.values()].map((group) => ({ type, group: { ...group } })));
    const properties = OBJECT_TYPES.flatMap((type) =>
      [...this.properties.get(type)!.values()].filter((p) => !p.hubspotDefined).map((property) => ({ type, property: structuredClone(property) })),
    );
    const objects = OBJECT_TYPES.flatMap((type) =>
      [...this.objects.get(type)!.values()].map((o) => ({
        type, id: o.id, values: Object.fromEntries(o.values), createdAt: o.createdAt, updatedAt: o.updatedAt, archived: o.archived,
        ...(o.archivedAt !== undefined ? { archivedAt: o.archivedAt } : {}),
      })),
    );
    const edges = [...this.edges].flatMap(([key, list]) => {
      const at = key.indexOf(":");
      return list.map((edge) => ({ type: key.slice(0, at) as ObjectType, id: key.slice(at + 1), edge: { ...edge } }));
    });
    return { groups, properties, objects, edges };
  }

  /** Restores a dump exactly (ids, timestamps, values), so a restarted sandbox is the portal it was. */
  load(snapshot: StoreSnapshot): void {
    for (const { type, group } of snapshot.groups) this.groups.get(type)!.set(group.name, { ...group });
    for (const { type, property } of snapshot.properties) this.properties.get(type)!.set(property.name, structuredClone(property));
    for (const o of snapshot.objects) {
      const obj: StoredObject = { id: o.id, type: o.type, values: new Map(Object.entries(o.values)), createdAt: o.createdAt, updatedAt: o.updatedAt, archived: o.archived };
      if (o.archivedAt !== undefined) obj.archivedAt = o.archivedAt;
      this.objects.get(o.type)!.set(o.id, obj);
      const numeric = Number(o.id);
      if (Number.isInteger(numeric) && numeric >= this.nextId) this.nextId = numeric + 1;
      this.lastStamp = Math.max(this.lastStamp, o.updatedAt, o.archivedAt ?? 0);
    }
    for (const { type, id, edge } of snapshot.edges) this.addEdge(type, id, { ...edge });
  }

  /** Wall-clock ms that never goes backwards, so "modified after X" cursors stay sound. */
  stamp(): number {
    this.lastStamp = Math.max(Date.now(), this.lastStamp);
    return this.lastStamp;
  }

  property(type: ObjectType, name: string): PropertyDef | undefined {
    const def = this.properties.get(type)?.get(name);
    return def && !def.archived ? def : undefined;
  }

  all(type: ObjectType, archived = false): StoredObject[] {
    return [...this.objects.get(type)!.values()].filter((o) => o.archived === archived);
  }

  get(type: ObjectType, id: string, opts: { idProperty?: string; archived?: boolean } = {}): StoredObject | undefined {
    if (opts.idProperty && opts.idProperty !== "hs_object_id") {
      this.requireUniqueProperty(type, opts.idProperty);
      return this.findByUnique(type, opts.idProperty, id);
    }
    const obj = this.objects.get(type)!.get(id);
    return obj && obj.archived === (opts.archived ?? false) ? obj : undefined;
  }

  require(type: ObjectType, id: string, opts: { idProperty?: string } = {}): StoredObject {
    const obj = this.get(type, id, opts);
    if (!obj) throw notFound();
    return obj;
  }

  isUnique(type: ObjectType, name: string): boolean {
    return (type === "contacts" && name === "email") || this.property(type, name)?.hasUniqueValue === true;
  }

  requireUniqueProperty(type: ObjectType, name: string): void {
    if (!this.property(type, name)) {
      throw validationError(`Property "${name}" does not exist`, [
        { message: `Property "${name}" does not exist`, code: "PROPERTY_DOESNT_EXIST", context: { propertyName: [name] } },
      ]);
    }
    if (!this.isUnique(type, name)) throw validationError(`${name} is not a unique identifier property for ${type}`);
  }

  findByUnique(type: ObjectType, name: string, value: string): StoredObject | undefined {
    const wanted = this.canonicalUnique(type, name, value);
    return this.all(type).find((o) => {
      const v = o.values.get(name);
      return v !== undefined && this.canonicalUnique(type, name, v) === wanted;
    });
  }

  private canonicalUnique(type: ObjectType, name: string, value: string): string {
    return type === "contacts" && name === "email" ? value.toLowerCase() : value;
  }

  normalize(type: ObjectType, input: unknown, mode: "create" | "update" | "seed"): Map<string, string | null> {
    return normalizeWrite(input, {
      lookup: (name) => this.property(type, name),
      ownerIds: this.ownerIds,
      portalId: this.portalId,
      allowReadOnly: mode === "seed",
      required: mode === "create" ? REQUIRED_ON_CREATE[type] : undefined,
    });
  }

  /** Throws 409 like HubSpot when a unique value (contact email, hasUniqueValue props) is taken. */
  checkUnique(type: ObjectType, values: Map<string, string | null>, selfId?: string): void {
    for (const [name, value] of values) {
      if (value === null || !this.isUnique(type, name)) continue;
      const other = this.findByUnique(type, name, value);
      if (!other || other.id === selfId) continue;
      const message =
        type === "contacts" && name === "email"
          ? `Contact already exists. Existing ID: ${other.id}`
          : `A ${singular(type)} with ${name}=${JSON.stringify(value)} already exists. Existing ID: ${other.id}`;
      throw new HsError(409, "CONFLICT", message);
    }
  }

  validateAssociations(type: ObjectType, associations: AssociationInput[]): void {
    for (const a of associations) {
      if (!findAssociationType(type, a.toType, a.typeId)) {
        throw validationError(`${a.typeId} is not a valid HUBSPOT_DEFINED association type id from ${type} to ${a.toType}`, [
          { message: `invalid association type id ${a.typeId} for ${type} to ${a.toType}`, code: "INVALID_ASSOCIATION_TYPE", in: "associations" },
        ]);
      }
      if (!this.get(a.toType, a.toId)) {
        throw validationError(`The ${singular(a.toType)} with id ${a.toId} does not exist`, [
          { message: `${singular(a.toType)} ${a.toId} does not exist`, code: "OBJECT_NOT_FOUND", in: "associations" },
        ]);
      }
    }
  }

  create(type: ObjectType, values: Map<string, string | null>, opts: { id?: string; associations?: AssociationInput[] } = {}): StoredObject {
    const id = opts.id ?? this.allocateId();
    if (this.objects.get(type)!.has(id)) throw new HsError(409, "CONFLICT", `${type} ${id} already exists`);
    const numeric = Number(id);
    if (Number.isInteger(numeric) && numeric >= this.nextId) this.nextId = numeric + 1;
    const now = this.stamp();
    const obj: StoredObject = { id, type, values: new Map(), createdAt: now, updatedAt: now, archived: false };
    const createName = type === "notes" || type === "tasks" ? "hs_createdate" : "createdate";
    const explicitCreate = values.get(createName);
    if (explicitCreate) obj.createdAt = Date.parse(explicitCreate);
    this.apply(obj, values, now);
    obj.values.set(createName, new Date(obj.createdAt).toISOString());
    obj.values.set("hs_object_id", id);
    this.objects.get(type)!.set(id, obj);
    for (const a of opts.associations ?? []) this.associate(type, id, a.toType, a.toId, a.typeId);
    return obj;
  }

  update(obj: StoredObject, values: Map<string, string | null>): StoredObject {
    this.apply(obj, values, this.stamp());
    this.writes.set(obj.id, (this.writes.get(obj.id) ?? 0) + 1);
    return obj;
  }

  private apply(obj: StoredObject, values: Map<string, string | null>, now: number): void {
    for (const [name, value] of values) {
      if (value === null) obj.values.delete(name);
      else obj.values.set(name, this.canonicalStored(obj.type, name, value));
    }
    obj.updatedAt = now;
    const iso = new Date(now).toISOString();
    obj.values.set("hs_lastmodifieddate", iso);
    if (obj.type === "contacts") obj.values.set("lastmodifieddate", iso);
  }

  private canonicalStored(type: ObjectType, name: string, value: string): string {
    return type === "contacts" && name === "email" ? value.toLowerCase() : value;
  }

  archive(obj: StoredObject): void {
    obj.archived = true;
    obj.archivedAt = this.stamp();
  }

  private allocateId(): string {
    return String(this.nextId++);
  }

  associate(fromType: ObjectType, fromId: string, toType: ObjectType, toId: string, typeId: number): void {
    const def = findAssociationType(fromType, toType, typeId);
    if (!def) throw validationError(`${typeId} is not a valid association type id from ${fromType} to ${toType}`);
    this.addEdge(fromType, fromId, { toType, toId, typeId });
    this.addEdge(toType, toId, { toType: fromType, toId: fromId, typeId: def.inverseTypeId });
  }

  dissociate(fromType: ObjectType, fromId: string, toType: ObjectType, toId: string): void {
    const drop = (type: ObjectType, id: string, otherType: ObjectType, otherId: string) => {
      const key = `${type}:${id}`;
      this.edges.set(key, (this.edges.get(key) ?? []).filter((e) => !(e.toType === otherType && e.toId === otherId)));
    };
    drop(fromType, fromId, toType, toId);
    drop(toType, toId, fromType, fromId);
  }

  private addEdge(type: ObjectType, id: string, edge: Edge): void {
    const key = `${type}:${id}`;
    const list = this.edges.get(key) ?? [];
    if (!list.some((e) => e.toType === edge.toType && e.toId === edge.toId && e.typeId === edge.typeId)) list.push(edge);
    this.edges.set(key, list);
  }

  /** Edges to objects that still exist; archiving an object hides its associations, as in HubSpot. */
  edgesOf(type: ObjectType, id: string, toType?: ObjectType): Edge[] {
    return (this.edges.get(`${type}:${id}`) ?? []).filter((e) => (!toType || e.toType === toType) && this.get(e.toType, e.toId) !== undefined);
  }

  serialize(obj: StoredObject, requested?: string[], alsoInclude: Iterable<string> = []): PublicObject {
    const names = requested && requested.length > 0 ? requested : [...DEFAULT_READ[obj.type], ...alsoInclude];
    const properties: Record<string, string | null> = {};
    for (const name of [...new Set(names)].sort()) {
      if (!this.property(obj.type, name)) continue;
      properties[name] = obj.values.get(name) ?? null;
    }
    const out: PublicObject = {
      id: obj.id,
      properties,
      createdAt: new Date(obj.createdAt).toISOString(),
      updatedAt: new Date(obj.updatedAt).toISOString(),
      archived: obj.archived,
    };
    if (obj.archivedAt !== undefined) out.archivedAt = new Date(obj.archivedAt).toISOString();
    return out;
  }
}
