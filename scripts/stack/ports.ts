// Ports of the e2e stack. CANDOR_PORT_OFFSET shifts them all, so two checkouts on one machine can
// run their browser journeys at the same time.
export function e2ePorts(offset = Number(process.env.CANDOR_PORT_OFFSET ?? 0)) {
  if (!Number.isInteger(offset) || offset < 0 || offset > 9) throw new Error("CANDOR_PORT_OFFSET must be an integer from 0 to 9");
  return {
    app: 3100 + offset, salesforce: 4110 + offset, hubspot: 4120 + offset, idp: 4130 + offset,
    secondSalesforce: 4140 + offset, secondHubspot: 4150 + offset,
  };
}
