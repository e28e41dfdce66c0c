#!/usr/bin/env bash
# Runs a command in a fresh network namespace of its own: loopback plus a veth pair with private
# addresses and a default route, and nothing else. For machines whose only interface is loopback:
# Firefox never offers 127.0.0.1 ICE candidates, so its WebRTC calls need some other local
# address (tests/harness/firefox.ts). Needs root (ip netns). The namespace is always removed.
#
#   bash scripts/in-netns.sh npm test
#   bash scripts/in-netns.sh npx vitest run --config vitest.e2e.config.ts tests/e2e/firefox
set -euo pipefail
[ $# -gt 0 ] || { echo "usage: $0 COMMAND [ARG...]" >&2; exit 2; }

ns="callbridge-$$"
ip netns add "$ns"
trap 'ip netns del "$ns" 2>/dev/null || true' EXIT
ip -n "$ns" link set lo up
# Both ends stay inside the namespace: the host's network is not touched.
ip -n "$ns" link add cbveth0 type veth peer name cbveth1
ip -n "$ns" addr add 10.213.0.1/30 dev cbveth0
ip -n "$ns" addr add 10.213.0.2/30 dev cbveth1
ip -n "$ns" link set cbveth0 up
ip -n "$ns" link set cbveth1 up
ip -n "$ns" route add default via 10.213.0.2 dev cbveth0

status=0
ip netns exec "$ns" "$@" || status=$?
exit "$status"
