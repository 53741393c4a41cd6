import { createLoader } from "nuqs/server";
import { defineFilters, selectFilter } from "@/components/ui/filters";

// The dashboard's URL filters: the page loads them on the server, the FilterBar writes them.
export const dashboardFilters = defineFilters([
  selectFilter("crm", "CRM", [
    { value: "SALESFORCE", label: "Salesforce" },
    { value: "HUBSPOT", label: "HubSpot" },
  ]),
]);

export const loadDashboardFilters = createLoader(dashboardFilters.parsers);
