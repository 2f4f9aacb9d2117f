# Shared by the deploy/bin commands: where the repository is, which java runs our jars, and building
# jars that are missing or older than the sources.
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)"
java_bin="${JAVA_HOME:+$JAVA_HOME/bin/}java"

# True when any of the given jars is missing, or a source file or pom is newer than it.
needs_build() {
  local jar
  for jar in "$@"; do
    [ -f "$jar" ] || return 0
    if [ -n "$(find "$root" \( -name target -o -name .git -o -name .local-stack \) -prune -o \
                 \( -path '*/src/*' -o -name pom.xml \) -type f -newer "$jar" -print -quit)" ]; then
      return 0
    fi
  done
  return 1
}

# ensure_built "MAVEN PROJECT LIST" JAR...: builds those modules (and what they need) when a jar is stale.
ensure_built() {
  local projects="$1"
  shift
  if needs_build "$@"; then
    echo "building (mvn -B -q -Dmaven.test.skip=true package${projects:+ -pl $projects -am}) ..." >&2
    (cd "$root" && mvn -B -q -Dstyle.color=never -Dmaven.test.skip=true ${projects:+-pl "$projects" -am} package) >&2
  fi
}

# Exports AUDIT_ES_URL and AUDIT_KAFKA_BOOTSTRAP of the local stack (its credentials.env) unless the
# environment already sets them; sets $state to the stack's state directory.
use_stack_endpoints() {
  state="${AUDIT_STATE_DIR:-$root/.local-stack}"
  if [ -f "$state/credentials.env" ]; then
    local key value
    while IFS='=' read -r key value; do
      case "$key" in
        AUDIT_ES_URL|AUDIT_KAFKA_BOOTSTRAP) [ -n "${!key:-}" ] || export "$key=$value" ;;
      esac
    done < "$state/credentials.env"
  fi
}
