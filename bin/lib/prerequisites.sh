# Shared set-up of bin/run and bin/test: checks and installs what the platform and its tests need.

# require_java MAJOR: fails with a clear message unless `java` is at least that version.
require_java() {
  local want="$1" version major
  if ! command -v java >/dev/null; then
    echo "Anvil needs Java $want or newer: install it (Debian: apt-get install openjdk-$want-jdk-headless)" >&2
    exit 1
  fi
  version="$(java -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/ {print $2}')"
  major="${version%%.*}"
  if [[ -z "$major" || "$major" -lt "$want" ]]; then
    echo "Anvil needs Java $want or newer, found ${version:-an unknown version}" >&2
    exit 1
  fi
}

# apt_install PACKAGE...: installs Debian packages that are missing (as root, or through sudo).
apt_install() {
  local sudo=""
  if [[ "$(id -u)" -ne 0 ]]; then
    command -v sudo >/dev/null || { echo "please install: $*" >&2; exit 1; }
    sudo="sudo"
  fi
  echo "installing $* with apt-get" >&2
  $sudo apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "$@" >/dev/null
}
