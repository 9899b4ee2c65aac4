import { ask, type ClusterNode } from "./redis-cluster-node.js";
import { parseClusterNodes, primariesOf } from "./redis-cluster-topology.js";

const SLOTS = 16384;

/**
 * What keeps the cluster of these live nodes from being healthy now, in words, or null when
 * nothing does: every node answers with cluster_state:ok, every replica is linked to its
 * primary, all nodes agree on the primaries and replicas, and each slot has one live primary.
 */
export async function clusterProblems(liveNodes: ClusterNode[]): Promise<string | null> {
  const livePorts = new Set(liveNodes.map((node) => node.port));
  const views = await Promise.all(
    liveNodes.map(async (node) => {
      try {
        return await ask(node.port, async (redis) => ({
          port: node.port,
          info: await redis.cluster("INFO"),
          replication: await redis.info("replication"),
          primaries: primariesOf(parseClusterNodes(String(await redis.cluster("NODES")))),
        }));
      } catch (err) {
        return { port: node.port, error: err instanceof Error ? err.message : String(err) };
      }
    }),
  );
  const problems: string[] = [];
  for (const view of views) {
    if ("error" in view) problems.push(`node ${view.port} does not answer (${view.error})`);
    else if (!/^cluster_state:ok\s*$/m.test(view.info))
      problems.push(`node ${view.port}: cluster_state is not ok`);
    else if (
      /^role:slave\s*$/m.test(view.replication) &&
      !/^master_link_status:up\s*$/m.test(view.replication)
    )
      problems.push(`replica ${view.port} is not yet linked to its primary`);
  }
  if (problems.length > 0) return problems.join("; ");

  const answered = views.flatMap((view) => ("error" in view ? [] : [view]));
  const first = answered[0];
  if (!first) return "no live node";
  const disagreeing = answered.filter(
    (view) => JSON.stringify(view.primaries) !== JSON.stringify(first.primaries),
  );
  if (disagreeing.length > 0) {
    return `nodes ${disagreeing.map((view) => view.port).join(", ")} see other primaries or replicas than node ${first.port}`;
  }
  const served = new Array<boolean>(SLOTS).fill(false);
  let doubled = 0;
  for (const primary of first.primaries) {
    if (!livePorts.has(primary.port)) {
      problems.push(
        `primary ${primary.port} (slots ${primary.slots.map((r) => r.join("-")).join(",")}) is dead`,
      );
      continue;
    }
    for (const [from, to] of primary.slots) {
      for (let slot = from; slot <= to; slot++) {
        if (served[slot]) doubled++;
        served[slot] = true;
      }
    }
  }
  const unserved = served.filter((isServed) => !isServed).length;
  if (unserved > 0) problems.push(`${unserved} slots have no live primary`);
  if (doubled > 0) problems.push(`${doubled} slots have two primaries`);
  return problems.length > 0 ? problems.join("; ") : null;
}
