import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { BUILT_IN_ROLES, DEFAULT_GRANTS } from "@/lib/authz/default-matrix";
import { permissionSetName, readableFields, rolePermissionSetXml } from "@/lib/crm/salesforce/permission-sets";
import {
  CANDOR_FIELDS,
  CANDOR_SCORED_SOBJECTS,
  CANDOR_TASK_FLAG_FIELD,
  SALESFORCE_API_VERSION,
} from "@/lib/crm/salesforce/fields";
import { childText, childTexts, childrenNamed, descendants, parseXml, type XmlElement } from "./well-formed-xml";

const HERE = import.meta.dirname;
const SOURCE = path.join(HERE, "force-app", "main", "default");
const METADATA_NS = "http://soap.sforce.com/2006/04/metadata";

// Root element expected for each file suffix. An unknown suffix fails the first test, so a new
// metadata type added here has to be added to this table (and so gets at least this check).
const ROOT_BY_SUFFIX: Record<string, string> = {
  ".field-meta.xml": "CustomField",
  ".permissionset-meta.xml": "PermissionSet",
  ".connectedApp-meta.xml": "ConnectedApp",
  ".cspTrustedSite-meta.xml": "CspTrustedSite",
  ".cmp-meta.xml": "AuraDefinitionBundle",
};

function walk(dir: string): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap((entry) => (entry.isDirectory() ? walk(path.join(dir, entry.name)) : [path.join(dir, entry.name)]));
}

function read(...parts: string[]): XmlElement {
  return parseXml(fs.readFileSync(path.join(SOURCE, ...parts), "utf8"));
}

function text(element: XmlElement, name: string): string {
  const value = childText(element, name);
  if (value === undefined) throw new Error(`<${element.name}> has no <${name}>`);
  return value;
}

const allFiles = walk(HERE).filter((file) => !file.includes(`${path.sep}node_modules${path.sep}`));
const metaFiles = allFiles.filter((file) => file.endsWith("-meta.xml"));

describe("every *-meta.xml", () => {
  it("exists", () => {
    expect(metaFiles.length).toBeGreaterThan(20);
  });

  it.each(metaFiles.map((file) => [path.relative(HERE, file), file]))("%s is well-formed metadata", (_, file) => {
    const root = parseXml(fs.readFileSync(file, "utf8"));
    const suffix = Object.keys(ROOT_BY_SUFFIX).find((s) => file.endsWith(s));
    expect(suffix, "unknown metadata suffix").toBeDefined();
    expect(root.name).toBe(ROOT_BY_SUFFIX[suffix ?? ""]);
    expect(root.attributes.xmlns).toBe(METADATA_NS);
  });

  it("the Aura markup files are well-formed XML too", () => {
    const markup = allFiles.filter((file) => /\.(cmp|design|auradoc)$/.test(file));
    expect(markup.map((file) => path.basename(file)).sort()).toEqual([
      "CandorRecordPanel.auradoc",
      "CandorRecordPanel.cmp",
      "CandorRecordPanel.design",
    ]);
    for (const file of markup) expect(() => parseXml(fs.readFileSync(file, "utf8")), file).not.toThrow();
  });
});

describe("sfdx-project.json", () => {
  it("deploys force-app at Candor's API version", () => {
    const project = JSON.parse(fs.readFileSync(path.join(HERE, "sfdx-project.json"), "utf8"));
    expect(project.sourceApiVersion).toBe(SALESFORCE_API_VERSION);
    expect(project.packageDirectories).toEqual([{ path: "force-app", default: true }]);
    expect(text(read("aura", "CandorRecordPanel", "CandorRecordPanel.cmp-meta.xml"), "apiVersion")).toBe(
      SALESFORCE_API_VERSION,
    );
  });
});

describe("custom fields match lib/crm/salesforce/fields.ts", () => {
  it("define fields only on the scored objects and on Activity", () => {
    expect(fs.readdirSync(path.join(SOURCE, "objects")).sort()).toEqual([...CANDOR_SCORED_SOBJECTS, "Activity"].sort());
  });

  describe.each(CANDOR_SCORED_SOBJECTS)("%s", (sobject) => {
    it("has exactly the Candor fields", () => {
      expect(fs.readdirSync(path.join(SOURCE, "objects", sobject, "fields")).sort()).toEqual(
        CANDOR_FIELDS.map((field) => `${field.name}.field-meta.xml`).sort(),
      );
    });

    it.each(CANDOR_FIELDS.map((field) => [field.name, field] as const))("%s has the right shape", (_, spec) => {
      const field = read("objects", sobject, "fields", `${spec.name}.field-meta.xml`);
      expect(text(field, "fullName")).toBe(spec.name);
      expect(text(field, "label")).toBe(spec.label);
      expect(text(field, "type")).toBe(spec.type);
      expect(text(field, "required")).toBe("false");
      expect(childText(field, "length")).toBe("length" in spec ? String(spec.length) : undefined);
      expect(childText(field, "precision")).toBe("precision" in spec ? String(spec.precision) : undefined);
      expect(childText(field, "scale")).toBe("scale" in spec ? String(spec.scale) : undefined);
      // Salesforce requires visibleLines on a long text area and refuses it elsewhere.
      expect(childText(field, "visibleLines")).toBe(spec.type === "LongTextArea" ? "5" : undefined);
      expect(childText(field, "externalId") ?? "false").toBe("false");
      expect(childText(field, "unique") ?? "false").toBe("false");
    });
  });

  it("puts the Task flag field on Activity, the only place Task custom fields can be defined", () => {
    expect(fs.readdirSync(path.join(SOURCE, "objects", "Activity", "fields"))).toEqual([
      `${CANDOR_TASK_FLAG_FIELD.name}.field-meta.xml`,
    ]);
    const field = read("objects", "Activity", "fields", `${CANDOR_TASK_FLAG_FIELD.name}.field-meta.xml`);
    expect(text(field, "fullName")).toBe(CANDOR_TASK_FLAG_FIELD.name);
    expect(text(field, "label")).toBe(CANDOR_TASK_FLAG_FIELD.label);
    expect(text(field, "type")).toBe(CANDOR_TASK_FLAG_FIELD.type);
    expect(text(field, "length")).toBe(String(CANDOR_TASK_FLAG_FIELD.length));
    expect(text(field, "externalId")).toBe(String(CANDOR_TASK_FLAG_FIELD.externalId));
    expect(text(field, "unique")).toBe(String(CANDOR_TASK_FLAG_FIELD.unique));
    // Flag ids are Candor-generated; a case-insensitive unique index also rejects look-alikes.
    expect(text(field, "caseSensitive")).toBe("false");
  });
});

describe("permission sets", () => {
  const fieldRefs = [
    ...CANDOR_SCORED_SOBJECTS.flatMap((sobject) => CANDOR_FIELDS.map((field) => `${sobject}.${field.name}`)),
    // Field-level security for an Activity field is granted on Task (Salesforce mirrors it to Event).
    `Task.${CANDOR_TASK_FLAG_FIELD.name}`,
  ].sort();

  function fieldPermissions(set: XmlElement) {
    return childrenNamed(set, "fieldPermissions").map((fp) => ({
      field: text(fp, "field"),
      readable: text(fp, "readable"),
      editable: text(fp, "editable"),
    }));
  }

  function objectPermissions(set: XmlElement) {
    return childrenNamed(set, "objectPermissions").map((op) => ({
      object: text(op, "object"),
      allowRead: text(op, "allowRead"),
      allowEdit: text(op, "allowEdit"),
      allowCreate: text(op, "allowCreate"),
      allowDelete: text(op, "allowDelete"),
      modifyAllRecords: text(op, "modifyAllRecords"),
      viewAllRecords: text(op, "viewAllRecords"),
    }));
  }

  it("Candor_Integration reads every scored record and edits every Candor field, and nothing more", () => {
    const set = read("permissionsets", "Candor_Integration.permissionset-meta.xml");
    expect(fieldPermissions(set)).toEqual(fieldRefs.map((field) => ({ field, readable: "true", editable: "true" })));
    expect(objectPermissions(set)).toEqual(
      [...CANDOR_SCORED_SOBJECTS].sort().map((object) => ({
        object,
        allowRead: "true",
        allowEdit: "true",
        allowCreate: "false",
        allowDelete: "false",
        modifyAllRecords: "false",
        viewAllRecords: "true",
      })),
    );
    const userPermissions = childrenNamed(set, "userPermissions").map((up) => [text(up, "name"), text(up, "enabled")]);
    expect(userPermissions).toEqual([
      ["ApiEnabled", "true"],
      ["EditTask", "true"],
    ]);
  });

  it("Candor_User lets people open the panel and leaves the Candor fields to their role's set", () => {
    const set = read("permissionsets", "Candor_User.permissionset-meta.xml");
    expect(fieldPermissions(set)).toEqual([]);
    for (const permission of objectPermissions(set)) {
      expect(permission).toMatchObject({ allowRead: "true", allowEdit: "false", viewAllRecords: "false" });
    }
    expect(childrenNamed(set, "userPermissions")).toEqual([]);
  });
});

describe("one permission set per Candor role, following the default matrix", () => {
  it("ships exactly what the generator makes from the default grants", () => {
    for (const role of BUILT_IN_ROLES) {
      const file = `${permissionSetName(role.key)}.permissionset-meta.xml`;
      expect(fs.readFileSync(path.join(SOURCE, "permissionsets", file), "utf8"), file).toBe(rolePermissionSetXml(role, DEFAULT_GRANTS.roles[role.key]!));
    }
  });

  it("grants read on the score fields only with scores.view, and on the reasons only with reasons.view", () => {
    const grants = structuredClone(DEFAULT_GRANTS.roles.SALES_REP!);
    grants.scopes["reasons.view"] = "none";
    const fields = readableFields(grants);
    expect(fields.some((f) => f.endsWith("Candor_Top_Reasons__c"))).toBe(false);
    expect(fields.filter((f) => f.startsWith("Lead."))).toEqual(["Lead.Candor_Band__c", "Lead.Candor_Model_Version__c", "Lead.Candor_Score__c", "Lead.Candor_Scored_At__c"]);
    grants.scopes["scores.view"] = "none";
    expect(readableFields(grants)).toEqual([]);
    expect(permissionSetName("SDR_TEAM_LEAD")).toBe("Candor_Sdr_Team_Lead");
  });
});

describe("connected app, trusted site and Aura component agree", () => {
  const app = read("connectedApps", "Candor.connectedApp-meta.xml");
  const canvas = childrenNamed(app, "canvasConfig")[0];
  const oauth = childrenNamed(app, "oauthConfig")[0];
  const canvasUrl = new URL(canvas ? text(canvas, "canvasUrl") : "about:blank");

  it("exposes a signed-request canvas app usable from a Lightning component", () => {
    expect(canvas && text(canvas, "accessMethod")).toBe("Post");
    expect(canvasUrl.protocol).toBe("https:");
    expect(canvasUrl.pathname).toBe("/embed/salesforce/canvas");
    expect(canvas && childTexts(canvas, "locations")).toContain("Aura");
  });

  it("pre-authorises both permission sets, which exist", () => {
    // Signed request needs "admin approved users are pre-authorized"; permissionSetName needs it too.
    expect(oauth && text(oauth, "isAdminApproved")).toBe("true");
    const assigned = childTexts(app, "permissionSetName").sort();
    expect(assigned).toEqual(["Candor_Integration", "Candor_User"]);
    const defined = fs.readdirSync(path.join(SOURCE, "permissionsets")).map((f) => f.replace(/\.permissionset-meta\.xml$/, ""));
    const roleSets = BUILT_IN_ROLES.map((r) => permissionSetName(r.key));
    expect(defined.sort()).toEqual([...assigned, ...roleSets].sort());
  });

  it("sends OAuth back to the same Candor host with the scopes write-back needs", () => {
    const callback = new URL(oauth ? text(oauth, "callbackUrl") : "about:blank");
    expect(callback.origin).toBe(canvasUrl.origin);
    expect(callback.pathname).toBe("/api/v1/connections/salesforce/callback");
    expect(oauth && childTexts(oauth, "scopes")).toEqual(expect.arrayContaining(["Api", "RefreshToken"]));
  });

  it("trusts exactly the canvas host for frames", () => {
    const site = read("cspTrustedSites", "Candor.cspTrustedSite-meta.xml");
    expect(text(site, "endpointUrl")).toBe(canvasUrl.origin);
    expect(text(site, "isActive")).toBe("true");
    expect(text(site, "isApplicableToFrameSrc")).toBe("true");
    expect(text(site, "context")).toBe("All");
  });

  const bundle = path.join(SOURCE, "aura", "CandorRecordPanel");
  const cmp = parseXml(fs.readFileSync(path.join(bundle, "CandorRecordPanel.cmp"), "utf8"));

  it("is a record-page component hosting the Candor canvas app", () => {
    expect(cmp.name).toBe("aura:component");
    expect((cmp.attributes.implements ?? "").split(",").map((s) => s.trim())).toEqual(
      expect.arrayContaining(["flexipage:availableForAllPageTypes", "force:hasRecordId", "force:hasSObjectName"]),
    );
    const canvasApps = descendants(cmp).filter((el) => el.name === "force:canvasApp");
    expect(canvasApps).toHaveLength(1);
    // developerName is the connected app's API name, i.e. its file name.
    expect(canvasApps[0]?.attributes).toMatchObject({
      developerName: "Candor",
      parameters: "{!v.canvasParameters}",
      width: "100%",
      border: "0",
      scrolling: "no",
    });
  });

  it("offers the height as a design attribute backed by a global component attribute", () => {
    const design = parseXml(fs.readFileSync(path.join(bundle, "CandorRecordPanel.design"), "utf8"));
    const designHeight = childrenNamed(design, "design:attribute").find((a) => a.attributes.name === "height");
    expect(designHeight).toBeDefined();
    const height = childrenNamed(cmp, "aura:attribute").find((a) => a.attributes.name === "height");
    expect(height?.attributes).toMatchObject({ type: "Integer", default: "640", access: "global" });
    expect(childTexts(childrenNamed(design, "sfdc:objects")[0] ?? design, "sfdc:object").sort()).toEqual(
      [...CANDOR_SCORED_SOBJECTS].sort(),
    );
  });

  // Run the real controller and helper against a stand-in component.
  function load(file: string, globals: { $A?: unknown; window?: unknown } = {}) {
    const source = fs.readFileSync(path.join(bundle, file), "utf8");
    return new Function("$A", "window", `return ${source}`)(globals.$A, globals.window) as Record<
      string,
      (component: unknown, event: unknown, helper: unknown) => unknown
    >;
  }

  function fakeComponent(values: Record<string, unknown>) {
    const sets: Array<[string, unknown]> = [];
    return {
      sets,
      values,
      get: (key: string) => values[key],
      set: (key: string, value: unknown) => {
        sets.push([key, value]);
        values[key] = value;
      },
      isValid: () => true,
    };
  }

  it("passes recordId and sObjectName in the canvas parameters on init", () => {
    const component = fakeComponent({ "v.recordId": "00Q000000000001AAA", "v.sObjectName": "Lead" });
    load("CandorRecordPanelController.js").doInit?.(component, {}, load("CandorRecordPanelHelper.js"));
    expect(component.sets).toHaveLength(1);
    expect(component.sets[0]?.[0]).toBe("v.canvasParameters");
    expect(JSON.parse(String(component.sets[0]?.[1]))).toEqual({
      recordId: "00Q000000000001AAA",
      sObjectName: "Lead",
    });
  });

  it("remounts the canvas app with the new record when recordId changes", () => {
    const component = fakeComponent({ "v.recordId": "006000000000002AAA", "v.sObjectName": "Opportunity" });
    const controller = load("CandorRecordPanelController.js", {
      $A: { getCallback: (fn: () => void) => fn },
      window: { setTimeout: (fn: () => void) => fn() },
    });
    controller.recordChanged?.(component, {}, load("CandorRecordPanelHelper.js"));
    expect(component.sets.map(([key]) => key)).toEqual(["v.canvasParameters", "v.canvasParameters"]);
    expect(component.sets[0]?.[1]).toBeNull();
    expect(JSON.parse(String(component.sets[1]?.[1]))).toEqual({
      recordId: "006000000000002AAA",
      sObjectName: "Opportunity",
    });
  });
});
