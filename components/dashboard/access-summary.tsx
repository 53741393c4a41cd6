import { Card } from "@/components/ui/card";
import { CAPABILITY_INFO, PII_LABELS, type Capability, type PiiMode, type Scope } from "@/lib/authz";

function where(scope: Scope, region: string | null, pii: PiiMode | null): string {
  if (pii) return PII_LABELS[pii];
  switch (scope) {
    case "all":
      return "Everywhere";
    case "region":
      return region ? `Your region (${region})` : "Your region (none assigned yet)";
    case "team":
      return "Your team's records";
    case "own":
      return "Your own records";
    case "none":
      return "No";
  }
}

// What the signed-in role may do, straight from the permission matrix the API enforces.
export function AccessSummary({ scopes, region, pii }: { scopes: Array<[Capability, Scope]>; region: string | null; pii: PiiMode }) {
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
              <td className="py-2 text-slate-900">{CAPABILITY_INFO[capability].label}</td>
              <td className={`py-2 ${scope === "none" ? "text-slate-500" : "text-slate-700"}`}>{where(scope, region, null)}</td>
            </tr>
          ))}
          <tr>
            <td className="py-2 text-slate-900">Personal data</td>
            <td className="py-2 text-slate-700">{where("all", region, pii)}</td>
          </tr>
        </tbody>
      </table>
    </Card>
  );
}
