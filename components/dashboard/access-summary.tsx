import { Card } from "@/components/ui/card";
import type { Capability, Scope } from "@/lib/authz";

const WHAT: Record<Capability, string> = {
  "records.read": "Read customer records",
  "records.write": "Update customer records",
  "scores.read": "See AI scores",
  "scores.modify": "Change models and scores",
  "flags.create": "Flag a score as wrong",
  "flags.review": "Review flagged scores",
  "pii.read": "See personal data unmasked",
  "audit.read": "Read the audit log",
  admin: "Administer identity and access",
  "operations.manage": "Run CRM write-back and background jobs",
};

function where(scope: Scope, region: string | null): string {
  switch (scope) {
    case "all":
      return "Everywhere";
    case "region":
      return region ? `Your region (${region})` : "Your region (none assigned yet)";
    case "own":
      return "Your own records";
    case "none":
      return "No";
  }
}

// What the signed-in role may do, straight from the permission matrix the API enforces.
export function AccessSummary({ scopes, region }: { scopes: Array<[Capability, Scope]>; region: string | null }) {
  return (
    <Card title="What your role can do" description="The same rules apply in the CRM panel and on these pages.">
      <table className="w-full text-left">
        <thead className="text-xs uppercase tracking-wide text-slate-500">
          <tr>
            <th scope="col" className="pb-2 font-medium">Permission</th>
            <th scope="col" className="pb-2 font-medium">Where</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {scopes.map(([capability, scope]) => (
            <tr key={capability}>
              <td className="py-2 text-slate-900">{WHAT[capability]}</td>
              <td className={`py-2 ${scope === "none" ? "text-slate-400" : "text-slate-700"}`}>{where(scope, region)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </Card>
  );
}
