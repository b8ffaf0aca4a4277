// Generates realistic `xm list -l` output (xend 4.0 layout: Domain-0 first by
// name order, then domUs sorted by name, each with vif/vbd/console devices and
// every 7th with a PCI device holding a nested `(domain 0x0000)`). Shared by
// bench/sxp-parse.mjs and the state tests; not a simulator (see test/sim).

function hex(n, width) {
  return n.toString(16).padStart(width, '0');
}

function uuid(i, salt) {
  const h = hex((i * 2654435761 + salt * 40503) >>> 0, 8);
  return `${h}-${hex(i & 0xffff, 4)}-4${hex(salt & 0xfff, 3)}-8${hex((i >> 4) & 0xfff, 3)}-${hex(i * 31 + salt, 12)}`;
}

function domain0() {
  return `(domain
    (domid 0)
    (cpu_weight 256)
    (cpu_cap 0)
    (on_crash restart)
    (uuid 00000000-0000-0000-0000-000000000000)
    (bootloader_args )
    (vcpus 8)
    (name Domain-0)
    (on_poweroff destroy)
    (on_reboot restart)
    (bootloader )
    (maxmem 16777215)
    (memory 2048)
    (shadow_memory 0)
    (vcpu_avail 255)
    (features )
    (on_xend_start ignore)
    (on_xend_stop ignore)
    (start_time 1290061354.47)
    (cpu_time 48211.3380164)
    (online_vcpus 8)
    (image (linux (kernel ) (superpages 0) (nomigrate 0) (tsc_mode 0)))
    (status 2)
    (state r-----)
)
`;
}

function domU(name, id) {
  const mac = `00:16:3e:${hex((id >> 16) & 0xff, 2)}:${hex((id >> 8) & 0xff, 2)}:${hex(id & 0xff, 2)}`;
  const pci =
    id % 7 === 3
      ? `    (device
        (pci
            (uuid ${uuid(id, 9)})
            (devs
                (
                    (slot 0x00)
                    (domain 0x0000)
                    (key 0000:0${id % 8}:00.0)
                    (bus 0x0${id % 8})
                    (vdevfn 0x100)
                    (func 0x0)
                    (uuid ${uuid(id, 10)})
                )
            )
        )
    )
`
      : '';
  return `(domain
    (domid ${id})
    (cpu_weight 256)
    (cpu_cap 0)
    (on_crash restart)
    (uuid ${uuid(id, 1)})
    (bootloader_args -q)
    (vcpus 2)
    (name ${name})
    (on_poweroff destroy)
    (on_reboot restart)
    (bootloader /usr/bin/pygrub)
    (maxmem 1024)
    (memory 1024)
    (shadow_memory 0)
    (vcpu_avail 3)
    (features )
    (on_xend_start ignore)
    (on_xend_stop ignore)
    (start_time 1290061401.${hex(id % 100, 2)})
    (cpu_time ${(id * 37.25).toFixed(6)})
    (online_vcpus 2)
    (image
        (linux
            (kernel )
            (args 'root=/dev/xvda1 ro console=hvc0')
            (superpages 0)
            (nomigrate 0)
            (tsc_mode 0)
            (notes
                (HV_START_LOW 18446603336221196288)
                (FEATURES '!writable_page_tables|pae_pgdir_above_4gb')
                (VIRT_BASE 18446744071562067968)
                (GUEST_VERSION 2.6)
                (PADDR_OFFSET 0)
                (GUEST_OS linux)
                (HYPERCALL_PAGE 18446744071578882048)
                (LOADER generic)
                (SUSPEND_CANCEL 1)
                (PAE_MODE yes)
                (ENTRY 18446744071584997888)
                (XEN_VERSION xen-3.0)
            )
        )
    )
    (status 2)
    (state -b----)
    (store_mfn ${1000000 + id * 2})
    (console_mfn ${1000001 + id * 2})
    (device
        (vif
            (bridge xenbr0)
            (mac ${mac})
            (script /etc/xen/scripts/vif-bridge)
            (uuid ${uuid(id, 2)})
            (backend 0)
        )
    )
    (device
        (vbd
            (uname phy:/dev/vg0/${name}-root)
            (uuid ${uuid(id, 3)})
            (mode w)
            (dev xvda:disk)
            (backend 0)
            (bootable 1)
        )
    )
${pci}    (device (console (protocol vt100) (location 2) (uuid ${uuid(id, 4)})))
)
`;
}

/** `count` running domUs plus Domain-0, in xend's order (byte order of name). */
export function generateXmListLong(count) {
  const names = [];
  for (let i = 1; i <= count; i++) names.push({ name: `vm${String(i).padStart(5, '0')}`, id: i });
  const all = [{ name: 'Domain-0', id: 0 }, ...names].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return all.map((d) => (d.id === 0 ? domain0() : domU(d.name, d.id))).join('');
}
