-- wrk script for the htmx level change: a signed-in POST with the CSRF header, alternating levels.
-- bench/run.py sets BENCH_PATH, BENCH_COOKIE, BENCH_CSRF and BENCH_ORIGIN in the environment; the
-- X-Forwarded-Proto header is what the TLS proxy in front of a deployment adds.
local path = os.getenv("BENCH_PATH")
local headers = {
  ["Cookie"] = os.getenv("BENCH_COOKIE"),
  ["X-CSRFToken"] = os.getenv("BENCH_CSRF"),
  ["Origin"] = os.getenv("BENCH_ORIGIN"),
  ["X-Forwarded-Proto"] = "https",
  ["HX-Request"] = "true",
  ["Content-Type"] = "application/x-www-form-urlencoded",
}
local n = 0

request = function()
  n = n + 1
  return wrk.format("POST", path, headers, "level=" .. (n % 5 + 1))
end
