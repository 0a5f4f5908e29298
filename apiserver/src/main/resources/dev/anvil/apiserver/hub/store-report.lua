-- Stores one agent report exactly once, in order (see ReportStore).
-- KEYS: 1 report-seq, 2 session, 3 anvil:reports, 4 attempt log stream (or ''), 5 attempt done marker (or '')
-- ARGV: 1 report_seq, 2 report_seq of the stream's previous report (or Welcome.last_stored_report_seq),
--       3 session value, 4 agent id, 5 type, 6 attempt id, 7 payload, 8 log max lines, 9 retention seconds,
--       10 last_line_seq when the attempt finished (or ''), 11.. per log line: line_seq, stream, time ms, text
-- Returns 1 stored, 0 duplicate, -1 the previous report is not stored (a gap), -2 the session was superseded.
if redis.call('GET', KEYS[2]) ~= ARGV[3] then
  return -2
end
local stored = tonumber(redis.call('GET', KEYS[1]) or '0')
local seq = tonumber(ARGV[1])
if seq <= stored then
  return 0
end
if stored < tonumber(ARGV[2]) then
  return -1
end
if #ARGV > 10 then
  for i = 11, #ARGV, 4 do
    -- the entry id is the line_seq: a line already stored is refused by Redis itself, never added twice
    local added = redis.pcall('XADD', KEYS[4], ARGV[i] .. '-0', 'stream', ARGV[i + 1], 'time', ARGV[i + 2],
      'text', ARGV[i + 3])
    if type(added) == 'table' and added.err and not string.find(added.err, 'equal or smaller', 1, true) then
      return added
    end
  end
  redis.call('XTRIM', KEYS[4], 'MAXLEN', '~', ARGV[8])
  redis.call('EXPIRE', KEYS[4], ARGV[9])
end
if ARGV[10] ~= '' then
  redis.call('SET', KEYS[5], ARGV[10], 'EX', ARGV[9])
end
redis.call('XADD', KEYS[3], '*', 'agent', ARGV[4], 'seq', ARGV[1], 'type', ARGV[5], 'attempt', ARGV[6],
  'payload', ARGV[7])
redis.call('SET', KEYS[1], ARGV[1])
return 1
