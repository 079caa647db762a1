#!/bin/sh
# The scheduler is chosen on the command line: boot `test=all` under every
# libcore policy other than the default (kernel_all covers beatty) with
# sched=NAME, and demand a pass and the kernel's report of that policy.
# (The sched scenario itself switches policies; every other scenario runs
# under the chosen one.) Usage: policies.sh QEMU ELF OUTDIR
set -u
here=$(dirname "$0")
for pol in rr prio stride lottery eevdf; do
    TAG=all-$pol "$here/run_scenario.sh" "$1" "$2" "$3" all "sched=$pol" >/dev/null || {
        echo "policies: test=all failed under sched=$pol (see $3/all-$pol.console)" >&2
        exit 1
    }
    grep -q "^sched: policy $pol" "$3/all-$pol.console" || {
        echo "policies: the kernel did not report policy $pol" >&2
        exit 1
    }
done
echo "policies: test=all passed under rr, prio, stride, lottery and eevdf"
