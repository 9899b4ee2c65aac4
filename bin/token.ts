// `npm run token -- create --name NAME --articles PATTERN[,PATTERN] [--expires 30d] [--operator | --role contributor]`
// `npm run token -- list` / `npm run token -- revoke ID_OR_NAME`
import { parseArgs } from "node:util";
import { loadConfigOrExit } from "../platform/config.js";
import { createLogger } from "../platform/logger.js";
import { redactUrl } from "../platform/redact-url.js";
import { closeRedis, createRedis, redisTarget, waitUntilReady } from "../platform/redis.js";
import { ARTICLE_PATTERN } from "../protocol/index.js";
import { createTokenStore } from "../server/auth/token-store.js";

const USAGE = `Usage:
  npm run token -- create --name NAME --articles PATTERN[,PATTERN...] [--expires 30d|12h|ISO-DATE] [--operator | --role contributor]
    --operator: may also manage webhooks, read the audit log of every article and open the queue dashboard
    --role contributor: may only submit entries, which wait as drafts for an editor (default: --role editor)
  npm run token -- list
  npm run token -- revoke ID_OR_NAME`;

function fail(message: string): never {
  process.stderr.write(`${message}\n${USAGE}\n`);
  process.exit(2);
}

function parseExpiry(value: string): Date {
  const relative = /^(\d+)([dhm])$/.exec(value);
  if (relative) {
    const unit = { d: 86_400_000, h: 3_600_000, m: 60_000 }[relative[2] as "d" | "h" | "m"];
    return new Date(Date.now() + Number(relative[1]) * unit);
  }
  const date = new Date(value);
  if (Number.isNaN(date.getTime()) || date.getTime() <= Date.now())
    fail(`--expires: "${value}" is not a future time`);
  return date;
}

const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: {
    name: { type: "string" },
    articles: { type: "string" },
    expires: { type: "string" },
    operator: { type: "boolean" },
    role: { type: "string" },
  },
});
const [command, arg] = positionals;
const config = loadConfigOrExit(process.env);
const logger = createLogger({ level: "warn", name: "herald-token" });
const target = redisTarget(config);
const redis = createRedis(target, logger, { role: "token-cli" });
try {
  await waitUntilReady(redis, 5_000);
} catch {
  fail(
    target.kind === "cluster"
      ? `Cannot reach the Redis Cluster at REDIS_CLUSTER_NODES=${config.REDIS_CLUSTER_NODES ?? ""}`
      : `Cannot reach Redis at REDIS_URL=${redactUrl(config.REDIS_URL)}`,
  );
}
const tokens = createTokenStore(redis, config.KEY_PREFIX);

try {
  if (command === "create") {
    if (!values.name || !/^[\w .@-]{1,64}$/.test(values.name))
      fail("--name is required: 1-64 letters, digits, space . @ _ -");
    const articles = (values.articles ?? "")
      .split(",")
      .map((p) => p.trim())
      .filter(Boolean);
    if (!articles.length) fail("--articles is required, e.g. --articles 'politics-*' or '*'");
    for (const p of articles) if (!ARTICLE_PATTERN.test(p)) fail(`--articles: "${p}" is not a valid pattern`);
    const role = values.role ?? "editor";
    if (role !== "editor" && role !== "contributor") fail(`--role: "${role}" is not editor or contributor`);
    if (role === "contributor" && values.operator)
      fail("--operator: a contributor token cannot be an operator");
    const { token, record } = await tokens.create({
      name: values.name,
      articles,
      operator: values.operator === true,
      role,
      ...(values.expires ? { expiresAt: parseExpiry(values.expires) } : {}),
    });
    process.stdout.write(
      `Created ${record.operator ? "operator " : ""}${record.role === "contributor" ? "contributor " : ""}token ${record.id} "${record.name}" for ${articles.join(", ")}${record.expiresAt ? `, expires ${record.expiresAt}` : ""}. It is shown once:\n${token}\n`,
    );
  } else if (command === "list") {
    const list = await tokens.list();
    if (!list.length) process.stdout.write("No tokens.\n");
    for (const t of list) {
      process.stdout.write(
        `${t.id}  ${t.name}  articles=${t.articles.join(",")}${t.operator ? "  operator" : ""}${t.role === "contributor" ? "  contributor" : ""}  created=${t.createdAt}${t.expiresAt ? `  expires=${t.expiresAt}` : ""}\n`,
      );
    }
  } else if (command === "revoke") {
    if (!arg) fail("revoke needs a token id or name");
    const count = await tokens.revoke(arg);
    process.stdout.write(`Revoked ${count} token(s).\n`);
    if (count === 0) process.exitCode = 1;
  } else {
    fail(command ? `Unknown command "${command}"` : "Missing command");
  }
} finally {
  await closeRedis(redis);
}
