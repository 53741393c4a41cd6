import type { Hono } from "hono";
import type { SandboxContext } from "./context.js";
import { OBJECT_TYPE_IDS, parseObjectType, singular, type ObjectType } from "./object-types.js";
import { cardFetch } from "./outbound.js";
import { RECORD_PAGE_CSS, RECORD_PAGE_SCRIPT } from "./record-page-client.js";
import type { CrmStore, StoredObject } from "./store.js";

const RECORD_TYPES: ObjectType[] = ["contacts", "companies", "deals"];

function esc(value: string): string {
  return value.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
}

// Note bodies are HTML in HubSpot; the sandbox shows their text only, never their markup.
function plainText(html: string): string {
  return html.replace(/<br\s*\/?>/gi, "\n").replace(/<\/p>/gi, "\n").replace(/<[^>]*>/g, "").replace(/&nbsp;/g, " ").trim();
}

export function recordTitle(obj: StoredObject): string {
  const v = (k: string) => obj.values.get(k) ?? "";
  if (obj.type === "contacts") return `${v("firstname")} ${v("lastname")}`.trim() || v("email") || `Contact ${obj.id}`;
  if (obj.type === "companies") return v("name") || v("domain") || `Company ${obj.id}`;
  return v("dealname") || `Deal ${obj.id}`;
}

function recordPath(portalId: string, type: ObjectType, id: string, userId: string): string {
  return `/contacts/${encodeURIComponent(portalId)}/record/${OBJECT_TYPE_IDS[type]}/${encodeURIComponent(id)}?as=${encodeURIComponent(userId)}`;
}

function page(title: string, nav: string, main: string, extraHead = ""): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${esc(title)} | HubSpot sandbox</title>
<meta name="viewport" content="width=device-width,initial-scale=1"><style>${RECORD_PAGE_CSS}</style>${extraHead}</head>
<body><nav class="hs-nav"><span class="brand">HubSpot</span>${nav}</nav>${main}</body></html>`;
}

function propertiesList(store: CrmStore, obj: StoredObject): string {
  const defs = [...store.properties.get(obj.type)!.values()].filter((d) => !d.archived && !d.hidden);
  // Candor's own properties lead the list so the demo shows a write-back without scrolling.
  defs.sort((a, b) => Number(b.name.startsWith("candor_")) - Number(a.name.startsWith("candor_")) || a.label.localeCompare(b.label));
  return defs
    .map((d) => {
      const value = obj.values.get(d.name);
      const cls = d.name.startsWith("candor_") ? ' class="candor"' : "";
      return `<div${cls} data-property="${esc(d.name)}"><dt>${esc(d.label)}</dt><dd>${value === undefined ? "--" : esc(value)}</dd></div>`;
    })
    .join("");
}

function timeline(store: CrmStore, obj: StoredObject): string {
  const items = (["notes", "tasks"] as const).flatMap((kind) =>
    store.edgesOf(obj.type, obj.id, kind).map((e) => store.get(kind, e.toId)!),
  );
  const unique = [...new Map(items.map((i) => [`${i.type}:${i.id}`, i])).values()];
  unique.sort((a, b) => (b.values.get("hs_timestamp") ?? "").localeCompare(a.values.get("hs_timestamp") ?? "") || b.createdAt - a.createdAt);
  if (unique.length === 0) return `<p class="empty">No activities yet.</p>`;
  return `<ul class="timeline" id="timeline">${unique
    .map((i) => {
      const isNote = i.type === "notes";
      const when = i.values.get("hs_timestamp") ?? new Date(i.createdAt).toISOString();
      const heading = isNote ? "Note" : `Task: ${i.values.get("hs_task_subject") ?? "(no title)"}`;
      const text = plainText(i.values.get(isNote ? "hs_note_body" : "hs_task_body") ?? "");
      const status = isNote ? "" : ` <span class="status">${esc(i.values.get("hs_task_status") ?? "NOT_STARTED")}</span>`;
      return `<li class="timeline-item ${isNote ? "note" : "task"}" data-id="${esc(i.id)}"><span class="kind">${esc(heading)}</span>${status}<time datetime="${esc(when)}">${esc(when)}</time><div class="body">${esc(text)}</div></li>`;
    })
    .join("")}</ul>`;
}

function associationsBox(ctx: SandboxContext, obj: StoredObject, userId: string): string {
  return RECORD_TYPES.filter((t) => t !== obj.type)
    .map((t) => {
      const links = ctx.store.edgesOf(obj.type, obj.id, t).map((e) => ctx.store.get(t, e.toId)!);
      const unique = [...new Map(links.map((l) => [l.id, l])).values()];
      const items = unique.map((l) => `<li><a href="${esc(recordPath(ctx.opts.portalId, t, l.id, userId))}">${esc(recordTitle(l))}</a></li>`).join("");
      return `<section class="card"><header>${esc(t[0]!.toUpperCase() + t.slice(1))} (${unique.length})</header><div class="card-body"><ul>${items}</ul></div></section>`;
    })
    .join("");
}

function userNav(ctx: SandboxContext, currentId: string, linkFor: (userId: string) => string): string {
  const links = ctx.opts.users
    .map((u) => (u.id === currentId ? `<strong>${esc(u.firstName)} ${esc(u.lastName)}</strong>` : `<a href="${esc(linkFor(u.id))}">${esc(u.firstName)} ${esc(u.lastName)}</a>`))
    .join(" · ");
  return `<a href="/?as=${esc(encodeURIComponent(currentId))}">Portal ${esc(ctx.opts.portalId)}</a><span>Viewing as: ${links}</span>`;
}

export function registerRecordPageRoutes(app: Hono, ctx: SandboxContext): void {
  const { store } = ctx;

  app.get("/", (c) => {
    const user = ctx.user(c.req.query("as")) ?? ctx.opts.users[0];
    if (!user) return c.text("The sandbox portal has no users", 500);
    const sections = RECORD_TYPES.map((t) => {
      const rows = store.all(t).map((o) => `<li><a href="${esc(recordPath(ctx.opts.portalId, t, o.id, user.id))}">${esc(recordTitle(o))}</a> <small>#${esc(o.id)}</small></li>`);
      return `<section class="card"><header>${esc(t)}</header><div class="card-body"><ul>${rows.join("") || "<li class=empty>none</li>"}</ul></div></section>`;
    }).join("");
    return c.html(page("Records", userNav(ctx, user.id, (id) => `/?as=${encodeURIComponent(id)}`), `<main style="padding:20px;max-width:900px">${sections}</main>`));
  });

  app.get("/contacts/:portalId/record/:typeId/:objectId", (c) => {
    const type = parseObjectType(c.req.param("typeId"));
    if (c.req.param("portalId") !== ctx.opts.portalId || !type || !RECORD_TYPES.includes(type)) return c.text("Page not found", 404);
    const obj = store.get(type, c.req.param("objectId"));
    if (!obj) return c.text("This record was not found. It may have been deleted.", 404);
    const user = c.req.query("as") === undefined ? ctx.opts.users[0] : ctx.user(c.req.query("as"));
    if (!user) return c.text("That user is not part of this portal", 403);
    const config = { objectTypeId: OBJECT_TYPE_IDS[type], objectId: obj.id, userId: user.id };
    const main = `<main class="record" data-object-type-id="${OBJECT_TYPE_IDS[type]}" data-object-id="${esc(obj.id)}">
<aside class="left"><h1>${esc(recordTitle(obj))}</h1><p class="subtitle">${esc(singular(type))} · Record ID ${esc(obj.id)}</p>
<dl class="props">${propertiesList(store, obj)}</dl></aside>
<section class="middle"><h2>Activity</h2>${timeline(store, obj)}</section>
<aside class="right"><section class="card" id="candor-card" data-state="loading"><header>Candor</header><div class="card-body" id="candor-card-body">Loading…</div></section>
${associationsBox(ctx, obj, user.id)}</aside></main>
<script type="application/json" id="card-config">${JSON.stringify(config).replace(/</g, "\\u003c")}</script><script>${RECORD_PAGE_SCRIPT}</script>`;
    const nav = userNav(ctx, user.id, (id) => recordPath(ctx.opts.portalId, type, obj.id, id));
    return c.html(page(recordTitle(obj), nav, main));
  });

  app.get("/_card", async (c) => {
    const type = parseObjectType(c.req.query("objectTypeId") ?? "");
    const objectId = c.req.query("objectId") ?? "";
    if (!type || !RECORD_TYPES.includes(type)) return c.json({ status: "error", message: "unknown objectTypeId" }, 400);
    if (!store.get(type, objectId)) return c.json({ status: "error", message: "record not found" }, 404);
    const user = ctx.user(c.req.query("userId"));
    if (!user) return c.json({ status: "error", message: "unknown userId" }, 400);
    const res = await cardFetch(ctx.opts, { user, objectId, objectTypeId: OBJECT_TYPE_IDS[type] });
    return new Response(res.body, {
      status: res.status,
      statusText: res.statusText,
      headers: { "Content-Type": res.contentType || "application/json", "Cache-Control": "no-store" },
    });
  });
}
