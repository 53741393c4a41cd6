import SCIMMY from "scimmy";
import { describe, expect, it } from "vitest";
import { SCIM_TYPES, ScimError, scimNotFound, toScimErrorBody, type ScimType } from "./errors";
import { loadVectors } from "@/test/support/scim/vectors";

interface ErrorVectors {
  outbound: { valid: { status: string; scimType: ScimType }[]; invalid: { status: string; scimType: ScimType }[] };
}

const { outbound } = loadVectors<ErrorVectors>("messages-error.json");

function scimmyBody(status: number, scimType: ScimType, detail?: string) {
  const cause: SCIMMY.Messages.ErrorResponse.CauseDetails = {
    status: status as SCIMMY.Messages.ErrorResponse.ValidStatusCodes,
    scimType,
    ...(detail ? { detail } : {}),
  };
  return { ...new SCIMMY.Messages.ErrorResponse(cause) };
}

describe("SCIM error bodies (messages-error.json) against scimmy's ErrorResponse", () => {
  it.each(outbound.valid)("builds %j like scimmy", ({ status, scimType }) => {
    const ours = toScimErrorBody(new ScimError(scimType, "Something went wrong", Number(status)));
    expect(ours).toEqual(scimmyBody(Number(status), scimType, "Something went wrong"));
  });

  it.each(outbound.invalid)("refuses the status/scimType pair %j, as scimmy does", ({ status, scimType }) => {
    expect(() => new ScimError(scimType, "x", Number(status))).toThrow(TypeError);
    expect(() => scimmyBody(Number(status), scimType)).toThrow(TypeError);
  });

  it.each(SCIM_TYPES)("gives %s the status scimmy accepts for it", (scimType) => {
    const error = new ScimError(scimType, "d");
    expect(toScimErrorBody(error)).toEqual(scimmyBody(error.status, scimType, "d"));
  });
});

describe("toScimErrorBody", () => {
  it("gives status as a string and omits scimType when there is none", () => {
    expect(toScimErrorBody(scimNotFound("User u-1 not found"))).toEqual({
      schemas: ["urn:ietf:params:scim:api:messages:2.0:Error"],
      status: "404",
      detail: "User u-1 not found",
    });
  });

  it("never leaks the message of an unexpected error", () => {
    expect(toScimErrorBody(new Error("connect ECONNREFUSED 10.0.0.5:5432"))).toEqual({
      schemas: ["urn:ietf:params:scim:api:messages:2.0:Error"],
      status: "500",
      detail: "Internal server error",
    });
  });
});
