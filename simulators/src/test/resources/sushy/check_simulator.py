"""Drives the Redfish simulator with sushy, an independent Redfish client: power, reset, boot override.

Usage: check_simulator.py BASE_URL USERNAME PASSWORD CA_FILE SYSTEM_PATH
Prints one "key=value" line per observation; the Java test compares them with the simulator's state.
"""
import sys

import sushy


def main():
    base, username, password, ca_file, system_path = sys.argv[1:6]
    root = sushy.Sushy(base + '/redfish/v1/', username=username, password=password, verify=ca_file)
    system = root.get_system(system_path)
    print('power=%s' % system.power_state.value)
    print('resets=%s' % ','.join(sorted(v.value for v in system.get_allowed_reset_system_values())))

    system.reset_system(sushy.ResetType.FORCE_OFF)
    system.refresh()
    print('power_after_off=%s' % system.power_state.value)

    system.set_system_boot_options(target=sushy.BootSource.PXE,
                                   enabled=sushy.BootSourceOverrideEnabled.ONCE)
    system.refresh()
    print('boot=%s/%s' % (system.boot.target.value, system.boot.enabled.value))

    try:
        system.set_system_boot_options(target=sushy.BootSource.UEFI_HTTP)
        print('uefi_http=accepted')
    except sushy.exceptions.InvalidParameterValueError:
        print('uefi_http=refused')

    system.reset_system(sushy.ResetType.ON)
    system.refresh()
    print('power_after_on=%s' % system.power_state.value)
    print('boot_after_on=%s' % system.boot.enabled.value)
    del root  # sushy logs out (DELETEs its session) when the root object goes away


if __name__ == '__main__':
    main()
