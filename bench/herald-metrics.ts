// Herald's own `/metrics` (Prometheus text), read as an operator would.

/** The sum of a metric's samples whose labels contain `labels` (e.g. `state="waiting"`). */
export async function readMetric(serverUrl: string, name: string, labels = ""): Promise<number> {
  try {
    const text = await (await fetch(`${serverUrl}/metrics`)).text();
    let sum = 0;
    for (const line of text.split("\n")) {
      if (!line.startsWith(`${name}{`) && !line.startsWith(`${name} `)) continue;
      if (labels && !line.includes(labels)) continue;
      sum += Number(line.slice(line.lastIndexOf(" ") + 1)) || 0;
    }
    return sum;
  } catch {
    return NaN;
  }
}

/**
 * Follows the entries queue through the `herald_queue_jobs` gauge (state "waiting"),
 * sampled every `intervalMs`.
 */
export function watchQueue(apiUrl: string, intervalMs = 500): { stop(): number[] } {
  const samples: number[] = [];
  let stopped = false;
  const sample = async () => {
    const waiting = await readMetric(apiUrl, "herald_queue_jobs", 'state="waiting"');
    if (!stopped && !Number.isNaN(waiting)) samples.push(waiting);
  };
  const timer = setInterval(() => void sample(), intervalMs);
  return {
    stop() {
      stopped = true;
      clearInterval(timer);
      return samples;
    },
  };
}
