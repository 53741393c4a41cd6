import { Providers } from "@/components/ui/providers";

// A segment of its own so forbidden.tsx below answers for every admin page.
export default function AdminLayout({ children }: { children: React.ReactNode }) {
  return <Providers>{children}</Providers>;
}
