export interface ClusterPrimary {
  port: number;
  slots: [number, number][];
  replicas: number[];
}

/** One line of CLUSTER NODES. */
export interface NodeLine {
  id: string;
  port: number;
  flags: string[];
  primaryId: string | null;
  slots: [number, number][];
}

/** CLUSTER NODES: `<id> <ip:port@cport[,host]> <flags> <primary|-> <ping> <pong> <epoch> <link> <slot>...` */
export function parseClusterNodes(text: string): NodeLine[] {
  return text
    .split("\n")
    .filter((line) => line.trim() !== "")
    .map((line) => {
      const [id, address, flags, primary, , , , , ...slotFields] = line.trim().split(" ");
      const port = Number(/:(\d+)@/.exec(address ?? "")?.[1]);
      const slots: [number, number][] = [];
      for (const field of slotFields) {
        if (field.startsWith("[")) continue; // a slot being imported or migrated
        const [from, to] = field.split("-").map(Number) as [number, number | undefined];
        slots.push([from, to ?? from]);
      }
      return {
        id: id ?? "",
        port,
        flags: (flags ?? "").split(","),
        primaryId: primary && primary !== "-" ? primary : null,
        slots,
      };
    });
}

/** Primaries not flagged as failed, with their replicas that are not flagged as failed. */
export function primariesOf(lines: NodeLine[]): ClusterPrimary[] {
  const failed = (line: NodeLine) => line.flags.includes("fail") || line.flags.includes("noaddr");
  return lines
    .filter((line) => line.flags.includes("master") && !failed(line))
    .map((primary) => ({
      port: primary.port,
      slots: [...primary.slots].sort((a, b) => a[0] - b[0]),
      replicas: lines
        .filter((line) => line.primaryId === primary.id && line.flags.includes("slave") && !failed(line))
        .map((line) => line.port)
        .sort((a, b) => a - b),
    }))
    .sort((a, b) => a.port - b.port);
}
