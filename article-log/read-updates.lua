-- Reads the log after a seq in one atomic step, so head, epoch and records agree.
-- KEYS: meta, log
-- ARGV: since, maxRecords, maxBytes
-- Returns { { epoch, seq }, oldest { record, score } or {}, records }: the records after
-- `since`, oldest first, at most maxRecords of them and stopping before the one that would
-- take their bytes past maxBytes, but always at least one, so a reader paging on moves on.
-- Read in small batches so a byte cap reached early never loads the rest of the log.
local meta, logk = KEYS[1], KEYS[2]
local after, maxRecords, maxBytes = '(' .. ARGV[1], tonumber(ARGV[2]), tonumber(ARGV[3])
local BATCH = 32

local head = redis.call('HMGET', meta, 'epoch', 'seq')
local oldest = redis.call('ZRANGE', logk, 0, 0, 'WITHSCORES')
local records, used = {}, 0
while #records < maxRecords do
  local want = math.min(BATCH, maxRecords - #records)
  local batch = redis.call('ZRANGEBYSCORE', logk, after, '+inf', 'LIMIT', #records, want)
  for _, record in ipairs(batch) do
    if #records > 0 and used + #record > maxBytes then return { head, oldest, records } end
    records[#records + 1] = record
    used = used + #record
  end
  if #batch < want then break end
end
return { head, oldest, records }
