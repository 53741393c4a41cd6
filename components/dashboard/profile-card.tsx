import { Card } from "@/components/ui/card";
import type { SignedInProfile } from "@/lib/identity/admin";

const SOURCES: Record<string, string> = {
  sso: "Company single sign-on",
  salesforce_canvas: "Salesforce",
  hubspot: "HubSpot",
};

const UTC = new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" });

export function ProfileCard({ profile }: { profile: SignedInProfile }) {
  const rows: Array<[string, React.ReactNode]> = [
    ["Name", profile.name],
    ["Email", profile.email],
    ["Role", profile.roleName],
    ["Region", profile.region ?? "None assigned"],
    ["Team", profile.team ?? "None"],
    ["Workspace", profile.tenantName],
    ["Signed in with", SOURCES[profile.signedInVia] ?? profile.signedInVia],
    ["Session ends", `${UTC.format(new Date(profile.sessionExpiresAt))} UTC`],
  ];
  return (
    <Card title="Who you are" description="Your role and region come from your company's groups; your Candor admin maps them.">
      <dl className="grid grid-cols-1 gap-x-8 gap-y-3 sm:grid-cols-2">
        {rows.map(([label, value]) => (
          <div key={label} className="min-w-0">
            <dt className="text-xs font-medium uppercase tracking-wide text-slate-500">{label}</dt>
            <dd data-testid={`profile-${label.toLowerCase().replace(/\s+/g, "-")}`} className="mt-0.5 break-words text-slate-900">{value}</dd>
          </div>
        ))}
      </dl>
    </Card>
  );
}
