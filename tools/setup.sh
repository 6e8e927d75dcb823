#!/usr/bin/env bash
# Install everything cica-publish needs on a Debian machine, then run a job.
#   tools/setup.sh build   install, then build the corpus into output/
#   tools/setup.sh test    install, then run the test suite
# System packages (fonts, poppler, gettext, qpdf, WeasyPrint's libraries,
# LibreOffice Writer) go in with apt; the Python package and its dependencies
# into ./.venv. Safe to run again: it skips what is already there.
set -euo pipefail
cd "$(dirname "$0")/.."

DEBIAN_PACKAGES=(
  gettext poppler-utils qpdf
  libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz0b libharfbuzz-subset0 libfontconfig1
  fonts-paratype fonts-symbola fonts-dejavu-core
  libreoffice-writer-nogui
)

missing=()
for pkg in "${DEBIAN_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
if ((${#missing[@]})); then
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  echo "setup: installing Debian packages: ${missing[*]}" >&2
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

PYTHON=${PYTHON:-python3}
[ -x .venv/bin/python ] || "$PYTHON" -m venv .venv
stamp=.venv/.installed
if [ ! -f "$stamp" ] || [ pyproject.toml -nt "$stamp" ]; then
  .venv/bin/python -m pip install -q --upgrade pip
  .venv/bin/python -m pip install -q -e '.[test]'
  touch "$stamp"
fi

case "${1:-}" in
  build) shift; exec .venv/bin/cica-publish build "$@" ;;
  test)  shift; exec .venv/bin/python -m pytest "$@" ;;
  "")    ;;
  *)     echo "usage: tools/setup.sh [build|test] [ARGS...]" >&2; exit 2 ;;
esac
