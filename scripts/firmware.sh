#!/usr/bin/env bash
# The firmware battery (firmware/): a Cortex-M3 binary with avila-alloc's heap as its global
# allocator, built in release and run on QEMU's lm3s6965evb board. Fails if QEMU exits non-zero
# (a failed check, a panic or a hard fault exits through semihosting with a failure status), if
# it runs past the timeout, or if the final "all N checks passed" line is missing.
. "$(dirname "$0")/lib.sh"

rustup target add thumbv7m-none-eabi
if ! command -v qemu-system-arm >/dev/null 2>&1; then
  # Debian's package; as root in CI, through sudo elsewhere if needed.
  SUDO=""
  if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends qemu-system-arm
fi

cd firmware
cargo clippy --release -- -D warnings
cargo build --release
log="$(mktemp)"
trap 'rm -f "$log"' EXIT
status=0
timeout "${FIRMWARE_TIMEOUT:-120}" cargo run --release 2>&1 | tee "$log" || status=$?
# With `pipefail`, `status` is QEMU's (or timeout's 124) unless tee failed.
if [ "$status" -ne 0 ]; then
  echo "firmware: QEMU exited with status $status" >&2
  exit 1
fi
if ! grep -Eq '^firmware: all [0-9]+ checks passed$' "$log"; then
  echo "firmware: the final 'all N checks passed' line is missing" >&2
  exit 1
fi
