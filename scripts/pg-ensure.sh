#!/usr/bin/env bash
# Makes sure a PostgreSQL server answers on 127.0.0.1:5432 (or PGPORT) and that
# the app's database exists. Works where a server is already running, where
# PostgreSQL is installed but stopped (starts the system cluster, or creates a
# private one under .pgdata/), and says what to install where it is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

PGHOST=127.0.0.1
PGPORT=${PGPORT:-5432}
DB=${TEND_DB_NAME:-tend}

ready() { pg_isready -q -h "$PGHOST" -p "$PGPORT" 2>/dev/null; }

pgbin() {
	# Newest installed server binaries: Debian keeps them out of PATH.
	local d
	for d in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r) /usr/local/pgsql/bin; do
		[ -x "$d/initdb" ] && { echo "$d"; return 0; }
	done
	command -v initdb >/dev/null 2>&1 && { dirname "$(command -v initdb)"; return 0; }
	return 1
}

if ! command -v pg_isready >/dev/null 2>&1 && ! pgbin >/dev/null; then
	cat >&2 <<'MSG'
PostgreSQL is not installed. Install it, then run this again:
  Debian/Ubuntu:  sudo apt-get install -y postgresql
  macOS:          brew install postgresql@16 && brew services start postgresql@16
Or use Docker:    docker compose up
MSG
	exit 1
fi

if ! ready; then
	# 1. A system cluster that is installed but stopped.
	if command -v pg_lsclusters >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
		pg_lsclusters --no-header 2>/dev/null | while read -r ver name port _; do
			if [ "$port" = "$PGPORT" ]; then
				echo "Starting PostgreSQL cluster $ver/$name..." >&2
				pg_ctlcluster --skip-systemctl-redirect "$ver" "$name" start || true
			fi
		done
	fi
fi

if ! ready; then
	# 2. A private cluster under .pgdata/, owned by a non-root user.
	bin=$(pgbin) || { echo "PostgreSQL client found but no server binaries (initdb). Install: sudo apt-get install -y postgresql" >&2; exit 1; }
	data="$PWD/.pgdata"
	run=()
	if [ "$(id -u)" = 0 ]; then
		id postgres >/dev/null 2>&1 || useradd --system --home-dir /var/lib/postgresql postgres
		run=(runuser -u postgres --)
	fi
	if [ ! -s "$data/PG_VERSION" ]; then
		echo "Creating a private PostgreSQL cluster in .pgdata/ ..." >&2
		mkdir -p "$data"
		[ "$(id -u)" = 0 ] && chown postgres "$data"
		"${run[@]}" "$bin/initdb" -D "$data" -U postgres --auth=trust -E UTF8 >/dev/null
	fi
	mkdir -p "$data/run" && { [ "$(id -u)" = 0 ] && chown postgres "$data/run" || true; }
	echo "Starting the private PostgreSQL cluster on $PGHOST:$PGPORT ..." >&2
	"${run[@]}" "$bin/pg_ctl" -D "$data" -l "$data/server.log" -w \
		-o "-h $PGHOST -p $PGPORT -k $data/run" start >/dev/null
fi

for _ in $(seq 1 30); do ready && break; sleep 1; done
ready || { echo "PostgreSQL did not start on $PGHOST:$PGPORT; see .pgdata/server.log or the system log." >&2; exit 1; }

if [ "${1:-}" != "--server-only" ]; then
	if ! psql -h "$PGHOST" -p "$PGPORT" -U postgres -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname = '$DB'" | grep -q 1; then
		psql -h "$PGHOST" -p "$PGPORT" -U postgres -d postgres -qc "CREATE DATABASE \"$DB\"" >/dev/null
		echo "Created database $DB." >&2
	fi
fi
