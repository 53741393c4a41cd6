// Salesforce-shaped ids: a 15-character case-sensitive id plus the 3-character checksum suffix
// Salesforce appends, so code that validates or case-folds real ids works on the demo data too.

const BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
const SUFFIX_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ012345";

export function salesforceChecksum(id15: string): string {
  let suffix = "";
  for (let chunk = 0; chunk < 3; chunk += 1) {
    let bits = 0;
    for (let i = 0; i < 5; i += 1) {
      const ch = id15.charAt(chunk * 5 + i);
      if (ch >= "A" && ch <= "Z") bits |= 1 << i;
    }
    suffix += SUFFIX_ALPHABET.charAt(bits);
  }
  return suffix;
}

/** prefix (3) + pod (2) + zeros + base62 sequence, 15 chars, then the checksum. */
export function salesforceId(prefix: string, pod: string, sequence: number): string {
  let n = sequence;
  let tail = "";
  do {
    tail = BASE62.charAt(n % 62) + tail;
    n = Math.floor(n / 62);
  } while (n > 0);
  const id15 = `${prefix}${pod}${tail.padStart(10, "0")}`;
  if (id15.length !== 15) throw new Error(`bad Salesforce id parts: ${prefix}/${pod}/${sequence}`);
  return id15 + salesforceChecksum(id15);
}
