#!/usr/bin/env bash
# Makes sure a PostgreSQL server answers on 127.0.0.1:$PGPORT (default 5432)
# and, unless --server-only, that the app's database exists.
#
#   (a) a server already answers: nothing to start;
#   (b) PostgreSQL is installed but stopped: as root, start the Debian cluster
#       on that port (pg_ctlcluster); otherwise create and start a private
#       cluster under .pgdata/ (git-ignored), as root or as a normal user;
#   (c) PostgreSQL is missing: say exactly what to install.
#
# It never stops or restarts a server that is already running.
#
# Usage: scripts/pg-ensure.sh [--server-only | --stop]
#   --server-only  do not create the app database (the tests create their own)
#   --stop         stop the private .pgdata/ cluster, if this script started one
#
# Environment: PGPORT (5432); TEND_DB_NAME (else the database named in
# DATABASE_URL, else tend); TEND_TEST_DATABASE_URL (the server-level URL used
# to check sign-in and create that database; default postgres@127.0.0.1:PGPORT);
# TEND_PGDATA (the private cluster's directory, default .pgdata/).
set -euo pipefail
cd "$(dirname "$0")/.."

mode=${1:-}
case "$mode" in
"" | --server-only | --stop) ;;
*)
	echo "usage: $0 [--server-only | --stop]" >&2
	exit 2
	;;
esac

PGHOST=127.0.0.1
PGPORT=${PGPORT:-5432}
if [ -n "${TEND_DB_NAME:-}" ]; then
	DB=$TEND_DB_NAME
elif [ -n "${DATABASE_URL:-}" ]; then
	DB=${DATABASE_URL##*/}
	DB=${DB%%\?*}
else
	DB=tend
fi
DB=${DB:-tend}
DATA=${TEND_PGDATA:-$PWD/.pgdata}

say() { echo "pg-ensure: $*" >&2; }

# pgbin prints the directory of the newest installed server binaries. Debian
# keeps them out of PATH, under /usr/lib/postgresql/<version>/bin.
pgbin() {
	local d
	for d in $(printf '%s\n' /usr/lib/postgresql/*/bin | sort -V -r) /usr/local/pgsql/bin; do
		[ -x "$d/initdb" ] && [ -x "$d/pg_ctl" ] && {
			echo "$d"
			return 0
		}
	done
	if command -v initdb >/dev/null 2>&1 && command -v pg_ctl >/dev/null 2>&1; then
		dirname "$(command -v initdb)"
		return 0
	fi
	return 1
}

# tool finds a client program in PATH or beside the server binaries.
tool() {
	local b
	if command -v "$1" >/dev/null 2>&1; then
		command -v "$1"
	elif b=$(pgbin) && [ -x "$b/$1" ]; then
		echo "$b/$1"
	else
		return 1
	fi
}

# status: 0 accepting connections, 1 up but refusing (starting or shutting
# down), 2 nothing answers. Without pg_isready, a bare TCP probe.
status() {
	local isready rc=0
	if isready=$(tool pg_isready); then
		"$isready" -q -h "$PGHOST" -p "$PGPORT" -U postgres -t 3 2>/dev/null || rc=$?
		[ "$rc" -le 2 ] || rc=2
		return "$rc"
	fi
	(exec 3<>"/dev/tcp/$PGHOST/$PGPORT") 2>/dev/null && return 0
	return 2
}
ready() { status; }

wait_ready() {
	local _
	for _ in $(seq 1 "${1:-30}"); do
		ready && return 0
		sleep 1
	done
	ready
}

# As root, the private cluster runs as the postgres user (PostgreSQL refuses
# to run as root).
as_owner() {
	if [ "$(id -u)" = 0 ]; then
		runuser -u postgres -- "$@"
	else
		"$@"
	fi
}

install_hint() {
	if command -v apt-get >/dev/null 2>&1; then
		local sudo=""
		[ "$(id -u)" = 0 ] || sudo="sudo "
		echo "  ${sudo}apt-get install -y postgresql postgresql-client"
	elif command -v brew >/dev/null 2>&1; then
		echo "  brew install postgresql@16 && brew services start postgresql@16"
	elif command -v dnf >/dev/null 2>&1; then
		echo "  sudo dnf install -y postgresql-server postgresql"
	else
		echo "  PostgreSQL 15 or newer (server and client) from https://www.postgresql.org/download/"
	fi
}

if [ "$mode" = --stop ]; then
	if bin=$(pgbin) && [ -s "$DATA/PG_VERSION" ] && as_owner "$bin/pg_ctl" -D "$DATA" status >/dev/null 2>&1; then
		say "stopping the private cluster in $DATA"
		as_owner "$bin/pg_ctl" -D "$DATA" -m fast -w stop >/dev/null
	else
		say "no private cluster is running in $DATA (a system server is never stopped here)"
	fi
	exit 0
fi

# (a) Something already answers, or is starting up: leave it alone.
rc=0
status || rc=$?
if [ "$rc" = 1 ]; then
	say "a server on $PGHOST:$PGPORT is starting; waiting for it"
	wait_ready 60 || true
fi

if ! ready; then
	if ! bin=$(pgbin); then
		# (c) Nothing to start.
		if tool psql >/dev/null 2>&1; then
			echo "PostgreSQL's client is installed but not its server, and nothing answers on $PGHOST:$PGPORT." >&2
		else
			echo "PostgreSQL is not installed, and nothing answers on $PGHOST:$PGPORT." >&2
		fi
		echo "Install it, then run this again:" >&2
		install_hint >&2
		echo "Or use Docker instead: docker compose up" >&2
		exit 1
	fi

	# (b1) As root: a Debian cluster on this port that is installed but stopped.
	if [ "$(id -u)" = 0 ] && command -v pg_lsclusters >/dev/null 2>&1; then
		while read -r ver name port _; do
			[ "$port" = "$PGPORT" ] || continue
			say "starting the PostgreSQL $ver/$name cluster on port $PGPORT"
			if pg_ctlcluster --skip-systemctl-redirect "$ver" "$name" start; then
				wait_ready 30 || true
			else
				say "could not start $ver/$name (see /var/log/postgresql/postgresql-$ver-$name.log)"
			fi
		done < <(pg_lsclusters --no-header 2>/dev/null || true)
	fi
fi

if ! ready; then
	# (b2) A private cluster under .pgdata/.
	if [ "$(id -u)" = 0 ]; then
		if ! id postgres >/dev/null 2>&1; then
			useradd --system --user-group --home-dir /var/lib/postgresql --shell /bin/bash postgres
		fi
		mkdir -p "$DATA"
		chown postgres: "$DATA"
		chmod 700 "$DATA"
		if ! runuser -u postgres -- test -w "$DATA"; then
			echo "The postgres user cannot reach $DATA (a parent directory is private)." >&2
			echo "Run this as a normal user, or choose another place: TEND_PGDATA=/var/tmp/tend-pgdata $0" >&2
			exit 1
		fi
	else
		mkdir -p "$DATA"
		chmod 700 "$DATA"
	fi
	if as_owner "$bin/pg_ctl" -D "$DATA" status >/dev/null 2>&1; then
		echo "The private cluster in $DATA is running, but not on $PGHOST:$PGPORT." >&2
		echo "Stop it first ($0 --stop) or use its port (PGPORT=...)." >&2
		exit 1
	fi
	if [ ! -s "$DATA/PG_VERSION" ]; then
		say "creating a private PostgreSQL cluster in $DATA"
		as_owner "$bin/initdb" -D "$DATA" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null 2>&1 ||
			as_owner "$bin/initdb" -D "$DATA" -U postgres --auth=trust -E UTF8 --locale=C >/dev/null
	fi
	say "starting the private cluster on $PGHOST:$PGPORT (log: $DATA/server.log; stop it with: $0 --stop)"
	# TCP on loopback only; no Unix socket, whose path could exceed the
	# kernel's limit under a deep checkout.
	if ! as_owner "$bin/pg_ctl" -D "$DATA" -l "$DATA/server.log" -w -t 60 \
		-o "-c listen_addresses=$PGHOST -p $PGPORT -c unix_socket_directories=''" start >/dev/null; then
		echo "The private cluster did not start; the end of $DATA/server.log:" >&2
		tail -n 20 "$DATA/server.log" >&2 || true
		exit 1
	fi
fi

wait_ready 30 || {
	echo "PostgreSQL did not become ready on $PGHOST:$PGPORT; see $DATA/server.log or /var/log/postgresql/." >&2
	exit 1
}

# Tend's local defaults connect as postgres without a password (trust auth on
# loopback, which a private cluster has). A system cluster may want one.
ADMIN_URL=${TEND_TEST_DATABASE_URL:-postgres://postgres@$PGHOST:$PGPORT/postgres?sslmode=disable}
if psql=$(tool psql); then
	if ! err=$(PGCONNECT_TIMEOUT=5 "$psql" -w "$ADMIN_URL" -tAc 'SELECT 1' 2>&1 >/dev/null); then
		cat >&2 <<MSG
PostgreSQL answers on $PGHOST:$PGPORT but Tend cannot sign in with $(sed -E 's#(://[^:/@]*):[^@]*@#\1:***@#' <<<"$ADMIN_URL"):
  $err
Either run a private cluster on another port, which this script sets up:
  PGPORT=55432 make run      (and: PGPORT=55432 make test)
or point DATABASE_URL and TEND_TEST_DATABASE_URL at a role that may create
databases, with its password (see README.md, Configuration).
MSG
		exit 1
	fi
elif [ "$mode" != --server-only ]; then
	echo "psql is missing: install PostgreSQL's client (Debian/Ubuntu: apt-get install -y postgresql-client)." >&2
	exit 1
fi

if [ "$mode" != --server-only ]; then
	if [[ ! "$DB" =~ ^[A-Za-z_][A-Za-z0-9_]*$ ]]; then
		echo "Database name '$DB' must be letters, digits and underscores." >&2
		exit 1
	fi
	exists=$("$psql" -w "$ADMIN_URL" -tAc "SELECT 1 FROM pg_database WHERE datname = '$DB'")
	if [ "$exists" != 1 ]; then
		"$psql" -w "$ADMIN_URL" -qc "CREATE DATABASE \"$DB\"" >/dev/null
		say "created database $DB"
	fi
fi
say "PostgreSQL is ready on $PGHOST:$PGPORT"
