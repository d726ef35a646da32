-- wrk script: count the responses that are not 2xx (wrk itself counts only >= 400)
-- and print the figures the benchmark reads as one JSON line.
local threads = {}

function setup(thread)
   table.insert(threads, thread)
end

function init(args)
   non2xx = 0
end

function response(status, headers, body)
   if status < 200 or status > 299 then
      non2xx = non2xx + 1
   end
end

function done(summary, latency, requests)
   local bad = 0
   for _, thread in ipairs(threads) do
      bad = bad + thread:get("non2xx")
   end
   local errors = summary.errors
   io.write(string.format(
      'BENCH-JSON {"requests": %d, "duration_us": %d, "non2xx": %d, "connect": %d, ' ..
      '"read": %d, "write": %d, "status": %d, "timeout": %d, ' ..
      '"p50_us": %d, "p99_us": %d, "max_us": %d}\n',
      summary.requests, summary.duration, bad, errors.connect, errors.read, errors.write,
      errors.status, errors.timeout,
      latency:percentile(50), latency:percentile(99), latency.max))
end
