-- Applies one operation to an article, atomically and idempotently.
-- KEYS: meta, log, entries, order, pinned, keyEvents, ops, scheduled, accepted, corrections
-- ARGV: opId, kind, entryId, payload (JSON), at (ISO time), atMs, retention, newEpoch, publishAt,
--       publishAtMs, watchFailover ('1': start a new epoch after a failover, see below),
--       rewriteDuplicate ('1': a duplicate writes its op again, so that a WAIT after it
--       covers the first apply, which may have been sent by another connection)
-- Returns { status, seq, record }:
--   applied   -> a new seq and its log record
--   duplicate -> the op was applied before: its seq and record (record '' if trimmed)
--   unchanged -> nothing to change (same article fields, entry already retracted)
--   stale     -> { 'stale', version }: the op's ifVersion (If-Match) is not the entry's version;
--                nothing changed, and the op is not remembered (a retry checks again)
--   error     -> { 'error', code } ; code entry_pending is retried by the worker
local meta, logk, entries, order, pinned, keyEvents, ops, scheduled, accepted =
  KEYS[1], KEYS[2], KEYS[3], KEYS[4], KEYS[5], KEYS[6], KEYS[7], KEYS[8], KEYS[9]
local correctionsk = KEYS[10]
-- Labelled corrections the article's index keeps (GET …/corrections lists the newest).
local CORRECTIONS_KEPT = 1000
local opId, kind, entryId, payload, at, atMs, retention, newEpoch, publishAt =
  ARGV[1], ARGV[2], ARGV[3], ARGV[4], ARGV[5], tonumber(ARGV[6]), tonumber(ARGV[7]), ARGV[8], ARGV[9]

-- An entry's create has run, whatever comes of it: it is no longer scheduled. Done in the same
-- script as the apply, so an editor never sees an entry both published and still scheduled.
if kind == 'entry.create' then redis.call('ZREM', scheduled, entryId) end

local done = redis.call('HGET', ops, opId)
if done then
  if ARGV[12] == '1' then redis.call('HSET', ops, opId, done) end
  local rec = redis.call('ZRANGEBYSCORE', logk, done, done)
  return { 'duplicate', tonumber(done), rec[1] or '' }
end

local function isnull(v) return v == nil or v == cjson.null end

-- After a failover (Redis Cluster), the replica that took over may lack the last updates its
-- primary applied and readers were sent (replication is asynchronous). Its seqs would then
-- be handed out again for other updates, which readers holding the lost ones would drop as
-- seen: a silent gap. So the article remembers the replication id of the primary that last
-- applied to it; a promoted replica has a new one, and the first apply after the switch
-- starts a new epoch: every reader reloads the article once, whatever was lost.
if ARGV[11] == '1' and redis.call('EXISTS', meta) == 1 then
  local replid = string.match(redis.call('INFO', 'replication'), 'master_replid:(%w+)')
  local known = redis.call('HGET', meta, 'replid')
  if replid and known ~= replid then
    if known then redis.call('HSET', meta, 'epoch', newEpoch) end
    redis.call('HSET', meta, 'replid', replid)
  end
end

local function articleOf(seq)
  local m = redis.call('HGETALL', meta)
  local a = {}
  for i = 1, #m, 2 do a[m[i]] = m[i + 1] end
  local article = {
    id = a.id, title = a.title, status = a.status, epoch = a.epoch,
    seq = seq, createdAt = a.createdAt, updatedAt = a.updatedAt,
  }
  if a.endedAt then article.endedAt = a.endedAt end
  if a.private == '1' then article.private = true end
  return article
end

-- Appends the record, remembers the op, trims the log to its retention.
local function commit(seq, record)
  record.epoch = redis.call('HGET', meta, 'epoch')
  -- Every server drops readers without a token before sending a private article's record,
  -- even when the record overtakes the message that made the article private.
  if redis.call('HGET', meta, 'private') == '1' then record.private = true end
  local encoded = cjson.encode(record)
  redis.call('ZADD', logk, seq, encoded)
  redis.call('HSET', ops, opId, seq)
  redis.call('ZREMRANGEBYRANK', logk, 0, -(retention + 1))
  return { 'applied', seq, encoded }
end

-- Keeps the pinned and key-event indexes in step with an entry's flags.
local function index(e, score)
  if e.pinned and not e.deleted then redis.call('ZADD', pinned, score, e.id)
  else redis.call('ZREM', pinned, e.id) end
  if e.keyEvent and not e.deleted then redis.call('ZADD', keyEvents, score, e.id)
  else redis.call('ZREM', keyEvents, e.id) end
end

if kind == 'article.put' then
  local p = cjson.decode(payload)
  local exists = redis.call('EXISTS', meta) == 1
  if not exists then
    local status = isnull(p.status) and 'live' or p.status
    redis.call('HSET', meta, 'id', p.id, 'title', p.title, 'status', status,
      'epoch', newEpoch, 'seq', 0, 'createdAt', at, 'updatedAt', at)
    if status == 'ended' then redis.call('HSET', meta, 'endedAt', at) end
    if p.private == true then redis.call('HSET', meta, 'private', '1') end
    redis.call('HSET', ops, opId, 0)
    return { 'created', 0, cjson.encode(articleOf(0)) }
  end
  local title = redis.call('HGET', meta, 'title')
  local prev = redis.call('HGET', meta, 'status')
  local status = isnull(p.status) and prev or p.status
  local wasPrivate = redis.call('HGET', meta, 'private') == '1'
  local private = wasPrivate
  if not isnull(p.private) then private = p.private end
  if title == p.title and prev == status and wasPrivate == private then
    return { 'unchanged', tonumber(redis.call('HGET', meta, 'seq')), '' }
  end
  redis.call('HSET', meta, 'title', p.title, 'status', status, 'updatedAt', at)
  if private then redis.call('HSET', meta, 'private', '1') else redis.call('HDEL', meta, 'private') end
  if status == 'ended' and prev ~= 'ended' then redis.call('HSET', meta, 'endedAt', at) end
  if status == 'live' then redis.call('HDEL', meta, 'endedAt') end
  local seq = redis.call('HINCRBY', meta, 'seq', 1)
  return commit(seq, { articleId = p.id, seq = seq, type = 'article.updated',
    article = articleOf(seq), at = at })
end

if redis.call('EXISTS', meta) == 0 then return { 'error', 'article_not_found' } end
local articleId = redis.call('HGET', meta, 'id')

if kind == 'entry.create' then
  if redis.call('HEXISTS', entries, entryId) == 1 then return { 'error', 'entry_exists' } end
  local f = cjson.decode(payload)
  local seq = redis.call('HINCRBY', meta, 'seq', 1)
  local publishedAt, publishedMs = at, atMs
  if publishAt ~= '' then publishedAt, publishedMs = publishAt, tonumber(ARGV[10]) end
  local e = { id = entryId, articleId = articleId, seq = seq, body = f.body, html = f.html,
    pinned = f.pinned, keyEvent = f.keyEvent, publishedAt = publishedAt, version = 1 }
  if not isnull(f.title) then e.title = f.title end
  if not isnull(f.author) then e.author = f.author end
  if not isnull(f.image) then e.image = f.image end
  -- Never an empty list: cjson would write it back as an object.
  if not isnull(f.embeds) then e.embeds = f.embeds end
  -- Newest first by publication time; the seq breaks ties within one millisecond.
  local score = publishedMs * 1000 + (seq % 1000)
  redis.call('HSET', entries, entryId, cjson.encode(e))
  -- Accepted again here: the API's own mark may have been lost with a failed-over primary
  -- while the job survived, and corrections and retractions need it.
  redis.call('SADD', accepted, entryId)
  redis.call('ZADD', order, score, entryId)
  index(e, score)
  return commit(seq, { articleId = articleId, seq = seq, type = 'entry.created', entry = e, at = at })
end

local current = redis.call('HGET', entries, entryId)
-- The create may still be in the queue (several workers run at once): retry later.
if not current then return { 'error', 'entry_pending' } end
local e = cjson.decode(current)
-- Entries stored before versions existed count as version 1.
local version = tonumber(e.version) or 1
local p = cjson.decode(payload)

-- If-Match, checked in the same script as the change: of two editors who saw one version,
-- exactly one changes the entry; the other is told it is stale.
if not isnull(p.ifVersion) and tonumber(p.ifVersion) ~= version then
  return { 'stale', version, '' }
end

if kind == 'entry.update' then
  if e.deleted then return { 'error', 'entry_not_found' } end
  if not isnull(p.body) then e.body = p.body; e.html = p.html end
  if p.title == cjson.null then e.title = nil elseif p.title ~= nil then e.title = p.title end
  if p.author == cjson.null then e.author = nil elseif p.author ~= nil then e.author = p.author end
  if p.image == cjson.null then e.image = nil elseif p.image ~= nil then e.image = p.image end
  if p.embeds == cjson.null then e.embeds = nil elseif p.embeds ~= nil then e.embeds = p.embeds end
  if p.pinned ~= nil then e.pinned = p.pinned end
  if p.keyEvent ~= nil then e.keyEvent = p.keyEvent end
  local seq = redis.call('HINCRBY', meta, 'seq', 1)
  e.seq = seq
  e.updatedAt = at
  e.version = version + 1
  if not isnull(p.correction) then
    -- Oldest first on the entry; the article's index (scored by time) serves the list.
    if type(e.corrections) ~= 'table' or #e.corrections == 0 then e.corrections = {} end
    table.insert(e.corrections, { note = p.correction, at = at })
    redis.call('ZADD', correctionsk, atMs * 1000 + (seq % 1000),
      cjson.encode({ entryId = entryId, note = p.correction, at = at }))
    redis.call('ZREMRANGEBYRANK', correctionsk, 0, -(CORRECTIONS_KEPT + 1))
  end
  redis.call('HSET', entries, entryId, cjson.encode(e))
  index(e, redis.call('ZSCORE', order, entryId))
  return commit(seq, { articleId = articleId, seq = seq, type = 'entry.updated', entry = e, at = at })
end

if kind == 'entry.delete' then
  if e.deleted then return { 'unchanged', e.seq, '' } end
  local seq = redis.call('HINCRBY', meta, 'seq', 1)
  -- A retraction keeps the entry's identity and time, never its content.
  local gone = { id = e.id, articleId = articleId, seq = seq, body = '', html = '',
    pinned = false, keyEvent = false, publishedAt = e.publishedAt, updatedAt = at, deleted = true,
    version = version + 1 }
  redis.call('HSET', entries, entryId, cjson.encode(gone))
  redis.call('ZREM', order, entryId)
  index(gone, 0)
  return commit(seq, { articleId = articleId, seq = seq, type = 'entry.deleted', entry = gone, at = at })
end

return { 'error', 'unknown_operation' }
