#!/usr/bin/env bash
# Starts the local PostgreSQL and Redis used by the tests, if they are not
# already running. Both listen on 127.0.0.1 only.
set -euo pipefail

if ! pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null; then
	if [ "$(id -u)" -ne 0 ]; then
		echo "services.sh: PostgreSQL is not running on 127.0.0.1:5432; start it as root" >&2
		exit 1
	fi
	ver=$(ls /etc/postgresql | sort -V | tail -n1)
	pg_ctlcluster --skip-systemctl-redirect "$ver" main start
	for _ in $(seq 1 50); do pg_isready -q -h 127.0.0.1 -p 5432 && break; sleep 0.2; done
fi
# The tests use the database "test"; trust auth on loopback is the Debian
# test set-up (CI); on other machines set EARSHOT_TEST_DATABASE_URL.
if [ "$(id -u)" -eq 0 ] && ! su postgres -c "psql -tAc \"select 1 from pg_database where datname='test'\"" 2>/dev/null | grep -q 1; then
	su postgres -c "createdb test" || true
fi

if ! redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1; then
	redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no
	for _ in $(seq 1 50); do redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1 && break; sleep 0.2; done
fi
