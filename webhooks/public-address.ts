import { BlockList, isIP } from "node:net";

/**
 * Which addresses a webhook may be sent to: only public ones, so that a webhook cannot make
 * Herald reach its own machine, its network or a cloud metadata service (SSRF). The ranges
 * come from the IANA special-purpose registries; node's BlockList does the matching.
 */

/** IPv4 ranges that are not globally reachable, with the name a refusal gives. */
const IPV4: readonly (readonly [base: string, prefix: number, range: string])[] = [
  ["0.0.0.0", 8, "unspecified"],
  ["10.0.0.0", 8, "private"],
  ["100.64.0.0", 10, "shared (CGNAT)"],
  ["127.0.0.0", 8, "loopback"],
  ["169.254.0.0", 16, "link-local"],
  ["172.16.0.0", 12, "private"],
  ["192.0.0.0", 24, "IETF protocol assignments"],
  ["192.0.2.0", 24, "documentation"],
  ["192.88.99.0", 24, "6to4 relay anycast"],
  ["192.168.0.0", 16, "private"],
  ["198.18.0.0", 15, "benchmarking"],
  ["198.51.100.0", 24, "documentation"],
  ["203.0.113.0", 24, "documentation"],
  ["224.0.0.0", 4, "multicast"],
  ["255.255.255.255", 32, "broadcast"],
  ["240.0.0.0", 4, "reserved"],
];

/** IPv6 ranges that are not globally reachable. Order matters: the first match names it. */
const IPV6: readonly (readonly [base: string, prefix: number, range: string])[] = [
  ["::", 128, "unspecified"],
  ["::1", 128, "loopback"],
  ["::", 96, "IPv4-compatible"],
  ["64:ff9b:1::", 48, "local-use NAT64"],
  ["100::", 64, "discard-only"],
  ["2001:db8::", 32, "documentation"],
  ["2001::", 23, "IETF protocol assignments"],
  ["3fff::", 20, "documentation"],
  ["5f00::", 16, "segment routing"],
  ["fc00::", 7, "unique-local"],
  ["fe80::", 10, "link-local"],
  ["fec0::", 10, "site-local"],
  ["ff00::", 8, "multicast"],
];

/**
 * IPv6 forms that carry an IPv4 address, each as a function from the IPv4 address (as two
 * hex groups) to the IPv6 prefix that embeds it, with how many bits come before it. A
 * non-public IPv4 address embedded in any of them is as non-public as the address itself.
 */
const EMBEDDINGS: readonly (readonly [embed: (hi: string, lo: string) => string, before: number])[] = [
  [(hi, lo) => `::ffff:${hi}:${lo}`, 96], // IPv4-mapped
  [(hi, lo) => `::ffff:0:${hi}:${lo}`, 96], // IPv4-translated (SIIT)
  [(hi, lo) => `64:ff9b::${hi}:${lo}`, 96], // NAT64 well-known prefix
  [(hi, lo) => `2002:${hi}:${lo}::`, 16], // 6to4
];

/** Everything in these prefixes is looked at through the IPv4 address it embeds. */
const EMBEDDING_PREFIXES = new BlockList();
EMBEDDING_PREFIXES.addSubnet("::ffff:0:0", 96, "ipv6");
EMBEDDING_PREFIXES.addSubnet("::ffff:0:0:0", 96, "ipv6");
EMBEDDING_PREFIXES.addSubnet("64:ff9b::", 96, "ipv6");
EMBEDDING_PREFIXES.addSubnet("2002::", 16, "ipv6");

/** IPv6 global unicast: every public IPv6 address outside the embedding prefixes is in it. */
const GLOBAL_UNICAST = new BlockList();
GLOBAL_UNICAST.addSubnet("2000::", 3, "ipv6");

function hexGroups(ipv4: string): [string, string] {
  const [a = 0, b = 0, c = 0, d = 0] = ipv4.split(".").map(Number);
  return [((a << 8) | b).toString(16), ((c << 8) | d).toString(16)];
}

/** One BlockList per range name, in the order of the tables above. */
const RANGES = new Map<string, BlockList>();
function listOf(range: string): BlockList {
  let list = RANGES.get(range);
  if (!list) RANGES.set(range, (list = new BlockList()));
  return list;
}
for (const [base, prefix, range] of IPV6) listOf(range).addSubnet(base, prefix, "ipv6");
for (const [base, prefix, range] of IPV4) {
  const list = listOf(range);
  list.addSubnet(base, prefix, "ipv4");
  const [hi, lo] = hexGroups(base);
  for (const [embed, before] of EMBEDDINGS) list.addSubnet(embed(hi, lo), before + prefix, "ipv6");
}

/**
 * The name of the non-public range `address` falls in ("loopback", "private", …), or null
 * when it is a public address. Anything that is not an IP address is refused too.
 */
export function nonPublicRange(address: string): string | null {
  // A zone (fe80::1%eth0) only exists on scoped, link-local addresses.
  if (address.includes("%")) return "link-local";
  const family = isIP(address);
  if (family === 0) return "not an IP address";
  const type = family === 4 ? "ipv4" : "ipv6";
  for (const [range, list] of RANGES) if (list.check(address, type)) return range;
  if (type === "ipv6" && !EMBEDDING_PREFIXES.check(address, type) && !GLOBAL_UNICAST.check(address, type))
    return "not global unicast";
  return null;
}

/**
 * Why a URL host written as a literal address (any spelling: WHATWG URL parsing has already
 * turned `2130706433` and `0x7f000001` into `127.0.0.1`) or as `localhost` is not a public
 * receiver; null when it is a public address or a name (names are checked when sent).
 */
export function literalHostRefusal(hostname: string): string | null {
  const host = hostname.toLowerCase().replace(/\.$/, "");
  if (host === "localhost" || host.endsWith(".localhost")) return `${hostname} names this machine`;
  const address = host.startsWith("[") && host.endsWith("]") ? host.slice(1, -1) : host;
  if (isIP(address) === 0) return null;
  const range = nonPublicRange(address);
  return range ? `${hostname} is not a public address (${range})` : null;
}
