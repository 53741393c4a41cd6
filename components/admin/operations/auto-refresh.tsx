"use client";

import { useRouter } from "next/navigation";
import { useEffect } from "react";

// Keeps a server-rendered page current: the data is read again every so often, in place.
export function AutoRefresh({ seconds }: { seconds: number }) {
  const router = useRouter();
  useEffect(() => {
    const timer = setInterval(() => router.refresh(), seconds * 1000);
    return () => clearInterval(timer);
  }, [router, seconds]);
  return null;
}
