#!/bin/sh
# Chassis-control hook of the simulated IPMI BMC's ipmi_sim, which keeps no power state itself.
#   chassisctl.sh DIR get PARAM...         prints "param:value" per parameter
#   chassisctl.sh DIR set PARAM VALUE...   stores the values
# Power and boot device live in DIR/power and DIR/boot; every call is appended to DIR/chassis.log so a test can
# count how often a chassis control reached the BMC.
dir=$1; op=$2; shift 2
echo "$op $*" >> "$dir/chassis.log"
case $op in
  get)
    for p in "$@"; do
      case $p in
        power) echo "power:$(cat "$dir/power" 2>/dev/null || echo 0)";;
        boot)  echo "boot:$(cat "$dir/boot" 2>/dev/null || echo default)";;
        *) echo "Invalid parameter: $p"; exit 1;;
      esac
    done;;
  set)
    while [ $# -gt 0 ]; do
      p=$1; v=$2; shift 2
      case $p in
        power) echo "$v" > "$dir/power";;
        reset) ;;
        boot) echo "$v" > "$dir/boot";;
        shutdown) echo 0 > "$dir/power";;
        identify) shift;;
        *) echo "Invalid parameter: $p"; exit 1;;
      esac
    done;;
  check) exit 1;;
  *) echo "Unknown operation: $op"; exit 1;;
esac
exit 0
