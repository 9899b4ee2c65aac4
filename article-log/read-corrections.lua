-- An article's labelled corrections, newest first, skipping those of retracted entries, in
-- one atomic read: each with the entry's current title.
-- KEYS: corrections, entries   ARGV: limit
local correctionsk, entries = KEYS[1], KEYS[2]
local limit = tonumber(ARGV[1])
local out = {}
local titles = {}
local rows = redis.call('ZREVRANGE', correctionsk, 0, -1)
for _, row in ipairs(rows) do
  if #out >= limit then break end
  local c = cjson.decode(row)
  local title = titles[c.entryId]
  if title == nil then
    local raw = redis.call('HGET', entries, c.entryId)
    title = false
    if raw then
      local e = cjson.decode(raw)
      if not e.deleted then title = e.title or '' end
    end
    titles[c.entryId] = title
  end
  if title then
    if title ~= '' then c.entryTitle = title end
    table.insert(out, cjson.encode(c))
  end
end
return out
