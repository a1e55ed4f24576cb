#!/usr/bin/env bash
# Installs the servers the client tests run against (Debian packages) when they are missing.
set -euo pipefail
missing=()
command -v redis-server >/dev/null 2>&1 || missing+=(redis-server)
command -v redis-cli >/dev/null 2>&1 || missing+=(redis-tools)
command -v memcached >/dev/null 2>&1 || missing+=(memcached)
command -v openssl >/dev/null 2>&1 || missing+=(openssl)
if [ ${#missing[@]} -eq 0 ]; then
  echo "test deps present: $(redis-server --version | cut -d' ' -f3), memcached $(memcached -V | cut -d' ' -f2)"
  exit 0
fi
echo "installing: ${missing[*]}"
SUDO=""
[ "$(id -u)" -ne 0 ] && SUDO="sudo"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
# The packages start system services; the tests start their own on other ports.
for svc in redis-server memcached; do
  ($SUDO service "$svc" stop || true) >/dev/null 2>&1
done
echo "installed: ${missing[*]}"
