// Salesforce record ids: 3-char key prefix + 12 chars, then a 3-char case-safety suffix that
// makes the 18-char form unique under case-insensitive comparison.
export const KEY_PREFIXES: Record<string, string> = {
  Account: "001",
  Contact: "003",
  User: "005",
  Opportunity: "006",
  Lead: "00Q",
  Task: "00T",
  Profile: "00e",
  UserRole: "00E",
  Group: "00G",
  Organization: "00D",
};

const SUFFIX_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ012345";
const BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
const ID_SHAPE = /^[a-zA-Z0-9]{15}(?:[a-zA-Z0-9]{3})?$/;

function caseSafeSuffix(id15: string): string {
  let suffix = "";
  for (let chunk = 0; chunk < 3; chunk++) {
    let flags = 0;
    for (let i = 0; i < 5; i++) {
      const ch = id15.charAt(chunk * 5 + i);
      if (ch >= "A" && ch <= "Z") flags |= 1 << i;
    }
    suffix += SUFFIX_ALPHABET.charAt(flags);
  }
  return suffix;
}

/** The 18-char form of a 15- or 18-char id, or undefined when the string is not id-shaped. */
export function normalizeId(value: string): string | undefined {
  if (!ID_SHAPE.test(value)) return undefined;
  const id15 = value.slice(0, 15);
  return id15 + caseSafeSuffix(id15);
}

export function sobjectTypeForId(id: string): string | undefined {
  const prefix = id.slice(0, 3);
  return Object.keys(KEY_PREFIXES).find((type) => KEY_PREFIXES[type] === prefix);
}

export class IdFactory {
  private counter = 0;
  private readonly pod: string;

  constructor(orgId: string) {
    // Real ids carry the org's pod characters after the key prefix; borrowing them keeps ids plausible.
    const pod = orgId.slice(3, 5);
    this.pod = /^[a-zA-Z0-9]{2}$/.test(pod) ? pod : "5g";
  }

  next(sobject: string): string {
    const prefix = KEY_PREFIXES[sobject];
    if (!prefix) throw new Error(`no key prefix for ${sobject}`);
    this.counter += 1;
    let n = this.counter;
    let body = "";
    while (n > 0) {
      body = BASE62.charAt(n % 62) + body;
      n = Math.floor(n / 62);
    }
    const id15 = `${prefix}${this.pod}0${body.padStart(9, "0")}`;
    return id15 + caseSafeSuffix(id15);
  }
}
