#!/usr/bin/env bash
# Slack acknowledgement latency: the bot in one process, a load generator in another, on loopback.
#   bench/slack-load.sh [requests per second=500] [seconds=20]
set -euo pipefail
cd "$(dirname "$0")/.."
rate=${1:-500}
seconds=${2:-20}
port=5090
dotnet build -c Release bench/OpsBot.SlackBench -v q -nologo > /dev/null
bin=bench/OpsBot.SlackBench/bin/Release/net10.0/OpsBot.SlackBench.dll
dotnet "$bin" host "$port" > /tmp/opsbot-slackbench-host.log 2>&1 &
host=$!
trap 'kill $host 2>/dev/null || true' EXIT
ready=
for _ in $(seq 1 150); do
  if curl -fs "http://127.0.0.1:$port/readyz" > /dev/null; then ready=1; break; fi
  kill -0 $host 2>/dev/null || break
  sleep 0.2
done
if [ -z "$ready" ]; then
  echo "the bench host did not become ready; see /tmp/opsbot-slackbench-host.log" >&2
  tail -20 /tmp/opsbot-slackbench-host.log >&2
  exit 1
fi
dotnet "$bin" load "http://127.0.0.1:$port" "$rate" "$seconds"
