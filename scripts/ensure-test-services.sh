#!/usr/bin/env bash
# Make sure what the test suite talks to is there before pytest starts:
#   PostgreSQL on 127.0.0.1:5432, user postgres without a password (skipped when DATABASE_URL is set),
#   Redis on 127.0.0.1:6379, Chromium at /usr/bin/chromium (Playwright drives it; never `playwright install`).
# As root (CI, a fresh Debian container) it installs what is missing with apt and starts it.
# As a normal user it starts Redis if it is installed, and otherwise stops with one line naming what to do.
set -euo pipefail

PG_HOST=127.0.0.1
PG_PORT=5432
REDIS_HOST=127.0.0.1
REDIS_PORT=6379
CHROMIUM=/usr/bin/chromium
WAIT_SECONDS=${WAIT_SECONDS:-30}

say() { echo "ensure-test-services: $*"; }
die() { echo "ensure-test-services: $*" >&2; exit 1; }
is_root() { [ "$(id -u)" -eq 0 ]; }
port_open() { (exec 3<>"/dev/tcp/$1/$2") 2>/dev/null; }

pg_answers() {
    if command -v pg_isready >/dev/null; then
        pg_isready -q -h "$PG_HOST" -p "$PG_PORT"
    else
        port_open "$PG_HOST" "$PG_PORT"
    fi
}

redis_answers() {
    if command -v redis-cli >/dev/null; then
        [ "$(redis-cli -h "$REDIS_HOST" -p "$REDIS_PORT" ping 2>/dev/null)" = PONG ]
    else
        port_open "$REDIS_HOST" "$REDIS_PORT"
    fi
}

wait_for() {
    local what=$1 check=$2 i
    for ((i = 0; i < WAIT_SECONDS * 2; i++)); do
        "$check" && return 0
        sleep 0.5
    done
    die "$what did not answer within ${WAIT_SECONDS}s"
}

# The newest PostgreSQL server installed through Debian's postgresql-common, or nothing.
pg_version() {
    ls /usr/lib/postgresql 2>/dev/null | sort -V | tail -n 1
}

use_local_pg=true
if [ -n "${DATABASE_URL:-}" ]; then
    say "DATABASE_URL is set: the tests use that database, PostgreSQL is not checked here"
    use_local_pg=false
fi

# 1. What is missing?
packages=()     # to install with apt (root only)
problems=()     # what a normal user has to do
if $use_local_pg && ! pg_answers; then
    if [ -z "$(pg_version)" ] || ! command -v pg_ctlcluster >/dev/null; then
        packages+=(postgresql)
        problems+=("PostgreSQL is not installed (apt-get install postgresql)")
    elif ! is_root; then
        problems+=("PostgreSQL is not running on $PG_HOST:$PG_PORT (sudo pg_ctlcluster $(pg_version) main start)")
    fi
fi
if ! redis_answers && ! command -v redis-server >/dev/null; then
    packages+=(redis-server)
    problems+=("Redis is not installed (apt-get install redis-server)")
fi
if [ ! -x "$CHROMIUM" ]; then
    packages+=(chromium)
    problems+=("Chromium is not installed at $CHROMIUM (apt-get install chromium)")
fi
# WeasyPrint subsets fonts with HarfBuzz when libharfbuzz-subset is there, with fontTools otherwise: about three
# times slower per PDF (the bench's "Eén factuur renderen" 140 ms against 460 ms). Not required, so not a problem
# for a normal user; root gets it, as the Dockerfile's runtime stage does.
if is_root && ! ldconfig -p 2>/dev/null | grep -q 'libharfbuzz-subset\.so'; then
    packages+=(libharfbuzz-subset0)
fi
# msgfmt compiles locale/; `make install` already stopped a normal user who needs it and lacks it.
if is_root && ! command -v msgfmt >/dev/null; then
    packages+=(gettext)
fi

if ! is_root && [ ${#problems[@]} -gt 0 ]; then
    joined=$(printf '%s; ' "${problems[@]}")
    die "cannot run the tests: ${joined%; }; or run make test as root to install them"
fi

# 2. Install (root only).
if [ ${#packages[@]} -gt 0 ]; then
    say "installing ${packages[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq "${packages[@]}" >/dev/null
fi

# 3. Start and wait.
if $use_local_pg; then
    if ! pg_answers; then
        version=$(pg_version)
        if [ ! -d "/etc/postgresql/$version/main" ]; then
            say "creating PostgreSQL $version cluster main"
            pg_createcluster "$version" main >/dev/null
        fi
        say "starting PostgreSQL $version"
        pg_ctlcluster --skip-systemctl-redirect "$version" main start || true
    fi
    wait_for "PostgreSQL on $PG_HOST:$PG_PORT" pg_answers

    # The test settings connect as postgres over TCP without a password.
    if command -v psql >/dev/null && ! psql -h "$PG_HOST" -p "$PG_PORT" -U postgres -d postgres -w -Atqc 'select 1' >/dev/null 2>&1; then
        version=$(pg_version)
        hba=/etc/postgresql/$version/main/pg_hba.conf
        if ! is_root || [ ! -f "$hba" ]; then
            die "user postgres needs a password on $PG_HOST:$PG_PORT: allow it with trust in pg_hba.conf or set DATABASE_URL"
        fi
        say "allowing user postgres over 127.0.0.1 and ::1 without a password in $hba"
        # First matching line wins, so the rules go on top. Written through cat to keep owner and mode.
        tmp=$(mktemp)
        {
            echo "# Added by scripts/ensure-test-services.sh: the test suite connects as postgres without a password."
            echo "host    all    postgres    127.0.0.1/32    trust"
            echo "host    all    postgres    ::1/128         trust"
            cat "$hba"
        } >"$tmp"
        cat "$tmp" >"$hba"
        rm -f "$tmp"
        pg_ctlcluster --skip-systemctl-redirect "$version" main reload
        sleep 1
        psql -h "$PG_HOST" -p "$PG_PORT" -U postgres -d postgres -w -Atqc 'select 1' >/dev/null \
            || die "user postgres still cannot connect to $PG_HOST:$PG_PORT without a password; see $hba"
    fi
fi

if ! redis_answers; then
    say "starting Redis on $REDIS_HOST:$REDIS_PORT"
    redis-server --daemonize yes --bind "$REDIS_HOST" --port "$REDIS_PORT" --save "" --appendonly no >/dev/null
fi
wait_for "Redis on $REDIS_HOST:$REDIS_PORT" redis_answers

say "PostgreSQL, Redis and Chromium are ready"
