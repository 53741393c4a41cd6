import { HsError } from "./errors.js";

export const OBJECT_TYPES = ["contacts", "companies", "deals", "notes", "tasks"] as const;
export type ObjectType = (typeof OBJECT_TYPES)[number];

export const OBJECT_TYPE_IDS: Record<ObjectType, string> = {
  contacts: "0-1",
  companies: "0-2",
  deals: "0-3",
  notes: "0-46",
  tasks: "0-27",
};

const SINGULAR: Record<ObjectType, string> = {
  contacts: "contact",
  companies: "company",
  deals: "deal",
  notes: "note",
  tasks: "task",
};

export function singular(type: ObjectType): string {
  return SINGULAR[type];
}

/** HubSpot accepts the plural name, the singular name or the object type id in paths. */
export function parseObjectType(raw: string): ObjectType | undefined {
  const lower = raw.toLowerCase();
  for (const type of OBJECT_TYPES) {
    if (lower === type || lower === SINGULAR[type] || lower === OBJECT_TYPE_IDS[type]) return type;
  }
  return undefined;
}

export function requireObjectType(raw: string): ObjectType {
  const type = parseObjectType(raw);
  if (!type) throw new HsError(400, "VALIDATION_ERROR", `Unable to infer object type from: ${raw}`);
  return type;
}

export interface AssociationTypeDef {
  from: ObjectType;
  to: ObjectType;
  typeId: number;
  inverseTypeId: number;
  name: string;
  label: string | null;
}

// HUBSPOT_DEFINED association types between the objects the sandbox knows. Each row is stored
// in both directions, as HubSpot does: creating note→contact (202) also yields contact→note (201).
const FORWARD: Array<[ObjectType, ObjectType, number, number, string, string | null]> = [
  ["contacts", "companies", 279, 280, "contact_to_company_unlabeled", null],
  ["contacts", "companies", 1, 2, "contact_to_company", "Primary"],
  ["contacts", "deals", 4, 3, "contact_to_deal", null],
  ["deals", "companies", 341, 342, "deal_to_company_unlabeled", null],
  ["deals", "companies", 5, 6, "deal_to_company", "Primary"],
  ["notes", "contacts", 202, 201, "note_to_contact", null],
  ["notes", "companies", 190, 189, "note_to_company", null],
  ["notes", "deals", 214, 213, "note_to_deal", null],
  ["tasks", "contacts", 204, 203, "task_to_contact", null],
  ["tasks", "companies", 192, 191, "task_to_company", null],
  ["tasks", "deals", 216, 215, "task_to_deal", null],
];

function inverseName(name: string): string {
  const m = /^([a-z]+)_to_([a-z]+)(_unlabeled)?$/.exec(name);
  return m ? `${m[2]}_to_${m[1]}${m[3] ?? ""}` : name;
}

export const ASSOCIATION_TYPES: AssociationTypeDef[] = FORWARD.flatMap(([from, to, typeId, inverseTypeId, name, label]) => [
  { from, to, typeId, inverseTypeId, name, label },
  { from: to, to: from, typeId: inverseTypeId, inverseTypeId: typeId, name: inverseName(name), label },
]);

export function findAssociationType(from: ObjectType, to: ObjectType, typeId: number): AssociationTypeDef | undefined {
  return ASSOCIATION_TYPES.find((a) => a.from === from && a.to === to && a.typeId === typeId);
}

/** The type HubSpot uses for "default" (unlabeled) associations between two object types. */
export function defaultAssociationType(from: ObjectType, to: ObjectType): AssociationTypeDef | undefined {
  const candidates = ASSOCIATION_TYPES.filter((a) => a.from === from && a.to === to);
  return candidates.find((a) => a.label === null) ?? candidates[0];
}
