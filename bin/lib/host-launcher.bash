# Shared by bin/failover-host-v4 and bin/failover-host-v6 (sourced, not run):
#   run_host v4|v6 ARGS...
# Builds adapter/host-VERSION/target/failover-host-VERSION.jar first if it is missing (offline, then
# online), then exec's java: the process id of the calling script becomes the JVM's, so signals
# (SIGTERM for a clean stop) reach it. JAVA_OPTS is passed to the JVM,
# e.g. JAVA_OPTS=-Dlog4j.configurationFile=/etc/failover/log4j2.xml
run_host() {
  local version="$1"
  shift
  local name="failover-host-$version"
  local repo
  repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
  local jar="$repo/adapter/host-$version/target/$name.jar"
  if [[ ! -f "$jar" ]]; then
    echo "$name: $jar is missing; building it" >&2
    local build=(mvn -B -q -f "$repo/pom.xml" package -pl "adapter/host-$version" -am -DskipTests)
    if ! "${build[@]}" -o >&2; then
      echo "$name: offline build failed; trying online" >&2
      "${build[@]}" >&2
    fi
  fi
  # shellcheck disable=SC2086  # JAVA_OPTS holds several words on purpose
  exec java ${JAVA_OPTS:-} -jar "$jar" "$@"
}
