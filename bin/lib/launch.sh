# Sourced by the launchers in bin/: builds the jar on a fresh clone, trains the class-data archive
# for it, and gives the JVM options every node starts with.
raftlite_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
raftlite_jar="$raftlite_root/target/raftlite.jar"
raftlite_archive="$raftlite_root/target/raftlite.jsa"

# Builds the jar if it is missing (the first run on a fresh clone).
raftlite_ensure_jar() {
  if [ ! -f "$raftlite_jar" ]; then
    echo "$1: building $raftlite_jar (first run only)..." >&2
    (cd "$raftlite_root" && mvn -B -q -ntp -DskipTests package) >&2
  fi
}

# Trains target/raftlite.jsa once per build of the jar (bin/raftlite-cds); where flock exists,
# several launchers starting at once train it once. RAFTLITE_CDS=off skips it. A failed training
# only costs the speed-up: the node starts without the archive.
raftlite_ensure_archive() {
  [ "${RAFTLITE_CDS:-on}" = off ] && return 0
  [ "$raftlite_archive" -nt "$raftlite_jar" ] && return 0
  if command -v flock > /dev/null; then
    (
      flock 9 || true
      [ "$raftlite_archive" -nt "$raftlite_jar" ] || "$raftlite_root/bin/raftlite-cds" || true
    ) 9>"$raftlite_archive.lock"
  else
    "$raftlite_root/bin/raftlite-cds" || true
  fi
}

# Fills the array RAFTLITE_JVM with the node's JVM options: RAFTLITE_JAVA_OPTS if set, else
# src/main/resources/jvm.options (also in the jar, for the bench and the tests), plus the archive
# when it is newer than the jar.
raftlite_jvm_options() {
  RAFTLITE_JVM=()
  if [ -n "${RAFTLITE_JAVA_OPTS:-}" ]; then
    read -r -a RAFTLITE_JVM <<< "$RAFTLITE_JAVA_OPTS"
  else
    local option
    while read -r option; do
      case "$option" in ''|'#'*) ;; *) RAFTLITE_JVM+=("$option") ;; esac
    done < "$raftlite_root/src/main/resources/jvm.options"
  fi
  if [ "${RAFTLITE_CDS:-on}" != off ] && [ "$raftlite_archive" -nt "$raftlite_jar" ]; then
    RAFTLITE_JVM+=("-XX:SharedArchiveFile=$raftlite_archive")
  fi
}
