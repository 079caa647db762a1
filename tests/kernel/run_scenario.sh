#!/bin/sh
# Boots phoenix.elf headless in QEMU on one scenario and passes only if QEMU
# exits with the kernel's success status (EXIT_PASS 0x10 -> (0x10 << 1) | 1 =
# 33). A triple fault exits 0 and a hang is cut by `timeout` (124): both
# fail. Usage: run_scenario.sh QEMU ELF OUTDIR NAME [more -append words]
# Writes OUTDIR/TAG.console (COM1) and OUTDIR/TAG.trace (COM2), TAG = NAME
# unless set. EXPECT=37 checks a refusal instead (a kernel panic); with
# EXPECT_LINE=text the console must also contain that line. QEMU_EXTRA adds
# QEMU options (e.g. "-cpu qemu32").
set -u
qemu=$1 elf=$2 out=$3 name=$4
shift 4
tag=${TAG:-$name}
mkdir -p "$out"
timeout "${KERNEL_TEST_TIMEOUT:-60}" "$qemu" -kernel "$elf" -append "test=$name $*" \
    -nodefaults -display none -machine pc -m 128M -no-reboot \
    -icount shift=0,sleep=off ${QEMU_EXTRA:-} \
    -device isa-debug-exit,iobase=0xf4,iosize=0x04 \
    -serial "file:$out/$tag.console" -serial "file:$out/$tag.trace"
rc=$?
want=${EXPECT:-33}
if [ "$rc" -ne "$want" ]; then
    cat "$out/$tag.console"
    echo "run_scenario: $name: QEMU exit status $rc, expected $want" >&2
    exit 1
fi
if [ "$want" -eq 33 ]; then
    grep -q "^phoenix: PASS" "$out/$tag.console" || { echo "run_scenario: no PASS line" >&2; exit 1; }
fi
if [ -n "${EXPECT_LINE:-}" ]; then
    grep -qF "$EXPECT_LINE" "$out/$tag.console" || {
        cat "$out/$tag.console"; echo "run_scenario: no line '$EXPECT_LINE'" >&2; exit 1; }
fi
echo "run_scenario: $name passed"
