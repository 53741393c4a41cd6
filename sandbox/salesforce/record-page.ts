import type { FieldDef, SObjectSchema } from "./schemas";
import type { Row } from "./store";

// HTML that plays Lightning Experience around Candor: a record page with the record's fields and
// activity, and a 400px right column holding the Canvas iframe. Self-contained: no external assets.

export const esc = (value: unknown): string =>
  String(value ?? "")
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&#39;");

const ICONS: Record<string, [letter: string, color: string]> = {
  Lead: ["L", "#f88962"],
  Contact: ["C", "#a094ed"],
  Account: ["A", "#7f8de1"],
  Opportunity: ["O", "#fcb95b"],
  Task: ["T", "#4bc076"],
  User: ["U", "#65cae4"],
};

const HIGHLIGHTS: Record<string, string[]> = {
  Lead: ["Title", "Company", "Phone", "Email", "Status"],
  Contact: ["Title", "AccountId", "Phone", "Email"],
  Account: ["Type", "Phone", "Website", "Industry"],
  Opportunity: ["AccountId", "CloseDate", "Amount", "StageName"],
};

const HIDDEN = new Set(["Id", "IsDeleted", "SystemModstamp", "Name"]);
const SYSTEM = new Set(["CreatedDate", "CreatedById", "LastModifiedDate", "LastModifiedById"]);

const CSS = `
*{box-sizing:border-box}body{margin:0;font:13px/1.5 -apple-system,"Segoe UI",Roboto,Helvetica,Arial,sans-serif;color:#181818;background:#f3f3f3 linear-gradient(#b0c4df,#f3f3f3 240px) no-repeat}
a{color:#0b5cab;text-decoration:none}a:hover{text-decoration:underline}
.global{display:flex;align-items:center;gap:16px;height:48px;padding:0 16px;background:#fff;border-bottom:1px solid #dddbda}
.waffle{display:grid;grid-template-columns:repeat(3,4px);gap:2px}.waffle i{width:4px;height:4px;background:#706e6b;border-radius:1px}
.app{font-size:18px;font-weight:600}.org{color:#706e6b}.spacer{flex:1}.viewer{color:#3e3e3c}
.nav{display:flex;gap:4px;height:40px;padding:0 16px;background:#fff;border-bottom:3px solid #1b96ff;align-items:stretch}
.nav a{display:flex;align-items:center;padding:0 12px;color:#181818}.nav a.on{border-bottom:3px solid #0176d3;font-weight:600}
main{padding:12px}.card{background:#fff;border:1px solid #dddbda;border-radius:4px;box-shadow:0 2px 2px rgba(0,0,0,.1)}
.highlights{padding:12px 16px;margin-bottom:12px}.hl-top{display:flex;align-items:center;gap:12px}
.icon{width:32px;height:32px;border-radius:4px;color:#fff;font-weight:700;display:flex;align-items:center;justify-content:center}
.kind{font-size:12px;color:#3e3e3c}.title{font-size:18px;font-weight:700;margin:0}
.hl-fields{display:flex;flex-wrap:wrap;gap:4px 32px;margin-top:12px}.hl-fields dt{font-size:12px;color:#3e3e3c}.hl-fields dd{margin:0}
.layout{display:grid;grid-template-columns:minmax(0,1fr) 400px;gap:12px;align-items:start}
.card h2{font-size:14px;margin:0;padding:12px 16px;border-bottom:1px solid #dddbda}
.section{padding:8px 16px 16px}.section h3{font-size:13px;background:#f3f3f3;margin:8px 0;padding:4px 8px;border-radius:4px}
.fields{display:grid;grid-template-columns:1fr 1fr;gap:0 24px;margin:0}
.field{border-bottom:1px solid #dddbda;padding:4px 0 6px}.field dt{font-size:12px;color:#3e3e3c}.field dd{margin:0;min-height:19px;white-space:pre-wrap;word-break:break-word}
.left{display:flex;flex-direction:column;gap:12px}
.tasks{list-style:none;margin:0;padding:8px 16px 16px}.tasks li{border-left:3px solid #4bc076;padding:6px 10px;margin:8px 0;background:#fafaf9}
.tasks .meta{font-size:12px;color:#706e6b}.empty{color:#706e6b;padding:8px 16px 16px}
.right{width:400px}.right .head{font-size:12px;color:#3e3e3c;padding:0 0 4px}
.badge{display:inline-block;font-size:11px;padding:0 6px;border-radius:10px;background:#eef4ff;color:#0b5cab;margin-left:6px}
table{border-collapse:collapse;width:100%}td,th{text-align:left;padding:6px 16px;border-bottom:1px solid #dddbda}th{font-size:12px;color:#3e3e3c;font-weight:400}
`;

export interface PageContext {
  orgName: string;
  viewer: Row;
  users: Row[];
  /** Name of any record by id, for lookups (Owner, Account…). */
  nameOf: (id: string) => string | undefined;
}

export function shell(title: string, ctx: Pick<PageContext, "orgName"> & { viewer?: Row; tab?: string }, body: string): string {
  const tabs = ["Home", "Leads", "Contacts", "Accounts", "Opportunities"]
    .map((t) => `<a href="/" class="${ctx.tab === t ? "on" : ""}">${t}</a>`)
    .join("");
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${esc(title)} | Salesforce</title><style>${CSS}</style></head><body>
<header class="global"><span class="waffle">${"<i></i>".repeat(9)}</span><span class="app">Sales</span><span class="org">${esc(ctx.orgName)}</span><span class="spacer"></span>${ctx.viewer ? `<span class="viewer">Viewing as <strong>${esc(ctx.viewer.Name)}</strong></span>` : ""}</header>
<nav class="nav">${tabs}</nav><main>${body}</main></body></html>`;
}

function display(def: FieldDef, value: unknown, ctx: PageContext): string {
  if (value === null || value === undefined || value === "") return "";
  switch (def.type) {
    case "reference": {
      const name = ctx.nameOf(String(value));
      return name ? esc(name) : esc(value);
    }
    case "boolean":
      return value ? "&#10003;" : "&#9744;";
    case "currency":
      return esc(`$${Number(value).toLocaleString("en-US")}`);
    case "percent":
      return esc(`${String(value)}%`);
    case "datetime":
      return esc(String(value).replace("T", " ").slice(0, 16) + " UTC");
    case "url":
      return `<a href="${esc(value)}" rel="noreferrer">${esc(value)}</a>`;
    case "email":
      return `<a href="mailto:${esc(value)}">${esc(value)}</a>`;
    default:
      return esc(value);
  }
}

const fieldHtml = (def: FieldDef, row: Row, ctx: PageContext) =>
  `<div class="field"><dt>${esc(def.label)}</dt><dd data-field="${esc(def.name)}">${display(def, row[def.name], ctx)}</dd></div>`;

export interface RecordPageInput extends PageContext {
  schema: SObjectSchema;
  row: Row;
  tasks: Row[];
  frameSrc: string;
}

export function renderRecordPage(input: RecordPageInput): string {
  const { schema, row } = input;
  const [letter, color] = ICONS[schema.name] ?? [schema.name.charAt(0), "#706e6b"];
  const byName = (n: string) => schema.byLowerName.get(n.toLowerCase());
  const highlights = (HIGHLIGHTS[schema.name] ?? [])
    .map(byName)
    .filter((d): d is FieldDef => d !== undefined)
    .map((d) => `<div><dt>${esc(d.label)}</dt><dd data-field="${esc(d.name)}">${display(d, row[d.name], input)}</dd></div>`)
    .join("");
  const standard = schema.fields.filter((d) => !d.custom && !HIDDEN.has(d.name) && !SYSTEM.has(d.name));
  const system = schema.fields.filter((d) => SYSTEM.has(d.name));
  const candor = schema.fields.filter((d) => d.custom);
  const section = (title: string, defs: FieldDef[], id: string) =>
    defs.length ? `<h3>${esc(title)}</h3><dl class="fields" id="${id}">${defs.map((d) => fieldHtml(d, row, input)).join("")}</dl>` : "";
  const tasks = input.tasks.length
    ? `<ul class="tasks">${input.tasks
        .map(
          (t) => `<li data-task-id="${esc(t.Id)}"><strong>${esc(t.Subject ?? "(no subject)")}</strong>${t.Candor_Flag_Id__c ? `<span class="badge">Candor</span>` : ""}
<div class="meta">${esc(t.Status)} · ${esc(t.Priority)} priority${t.ActivityDate ? ` · due ${esc(t.ActivityDate)}` : ""} · ${esc(input.nameOf(String(t.OwnerId)) ?? "")} · created ${esc(String(t.CreatedDate).slice(0, 16).replace("T", " "))}</div>
${t.Description ? `<div>${esc(t.Description)}</div>` : ""}</li>`,
        )
        .join("")}</ul>`
    : `<p class="empty">No activities to show.</p>`;
  const body = `<section class="card highlights"><div class="hl-top"><span class="icon" style="background:${color}">${esc(letter)}</span><div><div class="kind">${esc(schema.label)}</div><h1 class="title" data-field="Name">${esc(row.Name)}</h1></div></div>
<dl class="hl-fields">${highlights}<div><dt>Owner</dt><dd>${esc(input.nameOf(String(row.OwnerId)) ?? "")}</dd></div></dl></section>
<div class="layout"><div class="left">
<section class="card" id="activity"><h2>Activity (${input.tasks.length})</h2>${tasks}</section>
<section class="card" id="details"><h2>Details</h2><div class="section">${section("Candor", candor, "candor-fields")}${section(`${schema.label} Information`, standard, "standard-fields")}${section("System Information", system, "system-fields")}</div></section></div>
<aside class="right"><div class="head">Candor</div><iframe id="candor-canvas" title="Candor" src="${esc(input.frameSrc)}" style="width:400px;height:640px;border:0"></iframe></aside></div>`;
  return shell(String(row.Name ?? schema.label), { ...input, tab: `${schema.labelPlural}` }, body);
}

export interface IndexPageInput {
  orgName: string;
  groups: Array<{ schema: SObjectSchema; rows: Row[]; total: number }>;
  users: Row[];
}

export function renderIndexPage(input: IndexPageInput): string {
  const users = input.users.map((u) => `<li>${esc(u.Name)} <span class="meta">(${esc(u.Username)}, ${esc(u.Id)})</span></li>`).join("");
  const groups = input.groups
    .map(({ schema, rows, total }) => {
      const items = rows
        .map((r) => `<tr><td><a href="/lightning/r/${esc(schema.name)}/${esc(r.Id)}/view">${esc(r.Name)}</a></td><td>${esc(r.Candor_Score__c ?? "")}</td><td>${esc(r.Candor_Band__c ?? "")}</td></tr>`)
        .join("");
      return `<section class="card" style="margin-bottom:12px"><h2>${esc(schema.labelPlural)} (${total})</h2><table><tr><th>Name</th><th>Candor Score</th><th>Candor Band</th></tr>${items}</table></section>`;
    })
    .join("");
  return shell("Home", { orgName: input.orgName, tab: "Home" }, `${groups}<section class="card"><h2>Users</h2><ul>${users}</ul></section>`);
}

export function renderNotFound(message: string): string {
  return shell("Not found", { orgName: "" }, `<section class="card highlights"><h1 class="title">Page not found</h1><p>${esc(message)}</p></section>`);
}

/** What Salesforce serves inside the canvas iframe: a form that POSTs the signed request to the app. */
export function renderCanvasFrame(canvasUrl: string, signedRequest: string): string {
  const action = canvasUrl.split("#")[0] ?? canvasUrl;
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Canvas</title></head><body>
<form id="canvas-form" method="POST" action="${esc(action)}"><input type="hidden" name="signed_request" value="${esc(signedRequest)}"></form>
<script>document.getElementById("canvas-form").submit();</script></body></html>`;
}
