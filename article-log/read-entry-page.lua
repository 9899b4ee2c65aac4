-- Reads one page of live entries, newest first, in one atomic step.
-- KEYS: order, entries
-- ARGV: max score ('+inf' or '(' .. cursor), limit, maxBytes
-- Returns { entries, cursor }: at most `limit` entries, stopping before the one that would
-- take their bytes past maxBytes (always at least one); cursor is the score of the last entry
-- returned when more remain, false otherwise.
local order, entries = KEYS[1], KEYS[2]
local max, limit, maxBytes = ARGV[1], tonumber(ARGV[2]), tonumber(ARGV[3])

local ids = redis.call('ZREVRANGEBYSCORE', order, max, '-inf', 'WITHSCORES', 'LIMIT', 0, limit + 1)
local page, used, last = {}, 0, false
for i = 1, math.min(#ids / 2, limit) do
  local raw = redis.call('HGET', entries, ids[2 * i - 1])
  if raw then
    if #page > 0 and used + #raw > maxBytes then return { page, last } end
    page[#page + 1] = raw
    used = used + #raw
  end
  last = ids[2 * i]
end
if #ids / 2 > limit then return { page, last } end
return { page, false }
