// Candor rows ↔ SCIM resources (pure; the services load and store the rows).
//
// Users: columns hold what Candor itself uses (email, name, active, externalId); `User.scim` keeps
// the rest of the resource as the IdP last wrote it, so a GET returns what was PUT. Users that
// never came through SCIM (seeded, linked from a CRM) are still listed, with a resource built from
// their columns, so an IdP that looks up `userName eq "…"` before creating adopts the existing
// account instead of duplicating it.

import type { JsonObject, JsonValue } from "./json";
import { isJsonObject } from "./json";
import { ENTERPRISE_USER_SCHEMA_ID, GROUP_SCHEMA_ID, USER_SCHEMA_ID, type ScimGroup, type ScimUser } from "./schemas";

// DELETE keeps the row (flags and audit history point at it) and marks it here; see service-users.
export const TOMBSTONE_KEY = "candor:deletedAt";

export interface UserRecord {
  id: string;
  email: string;
  name: string;
  active: boolean;
  externalId: string | null;
  scim: unknown;
  createdAt: Date;
  updatedAt: Date;
  groups: { id: string; displayName: string }[];
}

export interface GroupRecord {
  id: string;
  displayName: string;
  externalId: string | null;
  createdAt: Date;
  updatedAt: Date;
  members: { id: string; name: string }[];
}

export function isTombstone(scim: unknown): boolean {
  return isJsonObject(scim) && typeof scim[TOMBSTONE_KEY] === "string";
}

// The attributes `User.scim` keeps: everything the IdP may write, minus what lives in columns or
// is computed on the way out, and minus `password`: Candor signs users in through SSO only, so a
// password an IdP pushes is dropped on arrival rather than kept anywhere.
const NOT_STORED = new Set(["schemas", "id", "externalid", "active", "meta", "groups", "password"]);

function storedAttributes(rec: UserRecord): JsonObject {
  if (isJsonObject(rec.scim) && !isTombstone(rec.scim)) return rec.scim;
  return {
    userName: rec.email,
    displayName: rec.name,
    name: { formatted: rec.name },
    emails: [{ value: rec.email, type: "work", primary: true }],
  };
}

function meta(resourceType: "User" | "Group", rec: { id: string; createdAt: Date; updatedAt: Date }, baseUrl: string): JsonObject {
  return {
    resourceType,
    created: rec.createdAt.toISOString(),
    lastModified: rec.updatedAt.toISOString(),
    location: `${baseUrl}/${resourceType}s/${rec.id}`,
  };
}

export function userResource(rec: UserRecord, baseUrl: string): JsonObject {
  const stored = storedAttributes(rec);
  const attributes: JsonObject = {};
  for (const [key, value] of Object.entries(stored)) if (!NOT_STORED.has(key.toLowerCase())) attributes[key] = value;
  const schemas: JsonValue[] = [USER_SCHEMA_ID];
  if (isJsonObject(attributes[ENTERPRISE_USER_SCHEMA_ID])) schemas.push(ENTERPRISE_USER_SCHEMA_ID);
  return {
    schemas,
    id: rec.id,
    ...(rec.externalId ? { externalId: rec.externalId } : {}),
    ...attributes,
    active: rec.active,
    ...(rec.groups.length
      ? {
          groups: rec.groups.map((g) => ({ value: g.id, display: g.displayName, $ref: `${baseUrl}/Groups/${g.id}`, type: "direct" })),
        }
      : {}),
    meta: meta("User", rec, baseUrl),
  };
}

function text(value: JsonValue | undefined): string | null {
  return typeof value === "string" && value.trim() !== "" ? value.trim() : null;
}

// The address Candor uses for the user (CRM and SSO matching): the primary email, else the work
// one, else the first, else the userName (IdPs usually make it the UPN/login email).
function chooseEmail(user: ScimUser): string {
  const emails = Array.isArray(user.emails) ? user.emails.filter(isJsonObject) : [];
  const pick = emails.find((e) => e.primary === true) ?? emails.find((e) => e.type === "work") ?? emails[0];
  return (text(pick?.value) ?? user.userName).toLowerCase();
}

function chooseName(user: ScimUser): string {
  const name = isJsonObject(user.name) ? user.name : {};
  const parts = [text(name.givenName), text(name.familyName)].filter(Boolean).join(" ");
  return text(user.displayName) ?? text(name.formatted) ?? (parts || user.userName);
}

export interface UserColumns {
  email: string;
  name: string;
  externalId: string | null;
  scim: JsonObject;
  active: boolean | undefined;
}

// From a validated resource (schemas.ts validateUser) to the row's columns.
export function userColumns(user: ScimUser): UserColumns {
  const scim: JsonObject = {};
  for (const [key, value] of Object.entries(user)) if (!NOT_STORED.has(key.toLowerCase())) scim[key] = value;
  return {
    email: chooseEmail(user),
    name: chooseName(user),
    externalId: text(user.externalId),
    scim,
    active: typeof user.active === "boolean" ? user.active : undefined,
  };
}

export function groupResource(rec: GroupRecord, baseUrl: string): JsonObject {
  return {
    schemas: [GROUP_SCHEMA_ID],
    id: rec.id,
    ...(rec.externalId ? { externalId: rec.externalId } : {}),
    displayName: rec.displayName,
    ...(rec.members.length
      ? { members: rec.members.map((m) => ({ value: m.id, display: m.name, $ref: `${baseUrl}/Users/${m.id}`, type: "User" })) }
      : {}),
    meta: meta("Group", rec, baseUrl),
  };
}

// Member ids a validated Group resource names; nested groups are not supported.
export function memberIds(group: ScimGroup): { userIds: string[]; nonUser: boolean } {
  const members = Array.isArray(group.members) ? group.members.filter(isJsonObject) : [];
  const nonUser = members.some((m) => typeof m.type === "string" && m.type.toLowerCase() === "group");
  const userIds = [...new Set(members.map((m) => text(m.value)).filter((v): v is string => v !== null))];
  return { userIds, nonUser };
}
