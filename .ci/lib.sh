# Helpers shared by the phases (sourced).
set -euo pipefail
cd "${LIKENESS_ROOT:-$(dirname "${BASH_SOURCE[0]}")/..}"

# Installs the named Debian packages that are missing (apt-get update first, once per CI run).
apt_ensure() {
  local missing=()
  for p in "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  if [ ! -f "/tmp/.likeness-apt-${LIKENESS_CI_RUN:-$$}" ]; then apt-get update -qq && touch "/tmp/.likeness-apt-${LIKENESS_CI_RUN:-$$}"; fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

ensure_mariadb() {
  [ -x /usr/sbin/mariadbd ] || apt_ensure mariadb-server
  if ! mariadb -h 127.0.0.1 -uroot -e 'select 1' >/dev/null 2>&1; then
    if id mysql >/dev/null 2>&1; then install -d -o mysql -g mysql /run/mysqld; fi
    start-stop-daemon --start --oknodo --background --exec /usr/sbin/mariadbd
    for _ in $(seq 1 30); do mariadb -h 127.0.0.1 -uroot -e 'select 1' >/dev/null 2>&1 && break; sleep 1; done
  fi
  mariadb -h 127.0.0.1 -uroot -e 'select 1' >/dev/null
}
