export default function Home() {
  return (
    <main className="mx-auto max-w-xl p-10">
      <h1 className="text-2xl font-semibold text-slate-900">Candor</h1>
      <p className="mt-2 text-slate-600">
        Candor lives inside your CRM record pages. Open a lead, contact, account or deal in Salesforce or HubSpot to see its
        score, the reasons behind it and a grounded summary.
      </p>
    </main>
  );
}
