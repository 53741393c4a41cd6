// scimmy as a test oracle. Test-only: production code never imports scimmy.
import SCIMMY from "scimmy";
import type { JsonObject } from "@/lib/scim/json";
import { GROUP_SCHEMA, USER_RESOURCE, USER_SCHEMA, type ResourceSchema } from "@/lib/scim/schemas";

// The PatchOp vectors put `userName` and `members` on one resource (scimmy's own tests use a
// schema with both), so both engines run them against User + Group.members.
const members = GROUP_SCHEMA.attributes.find((a) => a.name === "members")!;
export const VECTOR_SCHEMA: ResourceSchema = {
  ...USER_RESOURCE,
  core: { ...USER_SCHEMA, attributes: [...USER_SCHEMA.attributes, members] },
};

type SchemaDefinitionInstance = InstanceType<typeof SCIMMY.Types.SchemaDefinition>;

const base = SCIMMY.Schemas.User.definition;
const oracleDefinition: SchemaDefinitionInstance = new SCIMMY.Types.SchemaDefinition(
  base.name,
  base.id,
  base.description,
  base.attributes.filter((a) => !["schemas", "id", "externalId", "meta"].includes(a.name)),
);
oracleDefinition.extend([
  new SCIMMY.Types.Attribute("complex", "members", { multiValued: true }, [
    new SCIMMY.Types.Attribute("string", "value"),
    new SCIMMY.Types.Attribute("string", "display"),
    new SCIMMY.Types.Attribute("reference", "$ref", { referenceTypes: ["User", "Group"] }),
    new SCIMMY.Types.Attribute("string", "type"),
  ]),
]);

class OracleUser extends SCIMMY.Types.Schema {
  static override get definition() {
    return oracleDefinition;
  }

  constructor(resource: object, direction = "both") {
    super(resource, direction);
    Object.assign(this, oracleDefinition.coerce(resource, direction));
  }
}

// Applies a PatchOp with scimmy; returns the patched resource without `schemas`/`meta`, or the
// scimType of the error scimmy raised.
export async function scimmyPatch(source: JsonObject, ops: unknown[]): Promise<JsonObject | { error: string }> {
  try {
    const message = new SCIMMY.Messages.PatchOp({ schemas: [SCIMMY.Messages.PatchOp.id], Operations: ops as never });
    // The finaliser sees the patched resource before scimmy re-coerces it for output (which
    // would drop writeOnly attributes such as password; so does its toJSON, hence the spread).
    let patched: JsonObject = {};
    await message.apply(new OracleUser(source), async (instance) => {
      patched = JSON.parse(JSON.stringify({ ...instance })) as JsonObject;
      return instance;
    });
    const { schemas: _s, meta: _m, ...rest } = patched;
    return rest;
  } catch (e) {
    return { error: String((e as { scimType?: string }).scimType ?? (e as Error).message) };
  }
}
