import type { Hono } from "hono";
import { esc, shell } from "./record-page";
import type { Store } from "./store";

// Setup → Field-Level Security for Candor's custom fields, as an org admin sees it: whether the
// integration user may edit each one. Taking edit access away is the classic cause of write-backs
// that fail for good (INVALID_FIELD_FOR_INSERT_UPDATE on every write to that field); giving it
// back is the fix an admin makes before replaying them from Candor's operations page.

export function setFieldAccess(store: Store, sobject: string, field: string, editable: boolean): void {
  const def = store.schema(sobject)?.byLowerName.get(field.toLowerCase());
  if (!def?.custom) throw new Error(`salesforce sandbox: no custom field ${sobject}.${field}`);
  def.createable = editable;
  def.updateable = editable;
}

export function registerSetupRoutes(app: Hono, store: Store, orgName: string): void {
  const candorFields = () =>
    ["Lead", "Contact", "Account", "Opportunity", "Task"].flatMap((type) =>
      (store.schema(type)?.fields ?? []).filter((d) => d.custom).map((d) => ({ type, def: d })),
    );

  app.get("/setup/field-security", (c) => {
    const rows = candorFields()
      .map(({ type, def }) => {
        const id = `${type}.${def.name}`;
        return `<tr><td>${esc(type)}</td><td>${esc(def.label)} <span class="meta">(${esc(def.name)})</span></td>
<td><form method="post" action="/setup/field-security"><input type="hidden" name="sobject" value="${esc(type)}"><input type="hidden" name="field" value="${esc(def.name)}">
<input type="hidden" name="editable" value="${def.updateable ? "false" : "true"}"><span data-field-access="${esc(id)}">${def.updateable ? "Edit" : "Read only"}</span>
<button type="submit" aria-label="${def.updateable ? "Make read only" : "Allow edit"}: ${esc(id)}">${def.updateable ? "Make read only" : "Allow edit"}</button></form></td></tr>`;
      })
      .join("");
    return c.html(shell("Field-Level Security", { orgName }, `<section class="card"><h2>Field-Level Security: Candor fields (integration user)</h2>
<table><tr><th>Object</th><th>Field</th><th>Access</th></tr>${rows}</table></section>`));
  });

  app.post("/setup/field-security", async (c) => {
    const form = await c.req.parseBody();
    try {
      setFieldAccess(store, String(form.sobject ?? ""), String(form.field ?? ""), form.editable === "true");
    } catch (err) {
      return c.text((err as Error).message, 400);
    }
    return c.redirect("/setup/field-security", 303);
  });
}
