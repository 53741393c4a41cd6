import { connection } from "next/server";
import { PanelApp } from "@/components/panel/panel-app";

export const metadata = { title: "Candor panel" };

export default async function PanelPage() {
  // Rendered per request so the CSP nonce applies to Next's scripts.
  await connection();
  return <PanelApp />;
}
