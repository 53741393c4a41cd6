import type { Metadata } from "next";
import "./globals.css";

export const metadata: Metadata = {
  title: "Candor",
  description: "AI scores your sales team can trust, inside the CRM.",
};

export default function RootLayout({ children }: { children: React.ReactNode }) {
  return (
    <html lang="en">
      <body className="font-sans text-sm">{children}</body>
    </html>
  );
}
