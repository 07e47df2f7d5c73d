//! Which addresses a probe may connect to: public unicast ones only, unless the user
//! passes `--online-allow-private`, so a template cannot make CI probe its own network
//! (a cloud metadata service, a router, a database on localhost).

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

/// Whether `ip` is an ordinary public unicast address.
#[must_use]
pub(crate) fn is_public(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(ip) => is_public_v4(ip),
        IpAddr::V6(ip) => is_public_v6(ip),
    }
}

fn is_public_v4(ip: Ipv4Addr) -> bool {
    let [a, b, c, _] = ip.octets();
    !(ip.is_unspecified()          // 0.0.0.0
        || a == 0                  // "this network" 0.0.0.0/8
        || ip.is_loopback()        // 127.0.0.0/8
        || ip.is_private()         // 10/8, 172.16/12, 192.168/16
        || ip.is_link_local()      // 169.254/16: cloud metadata services live here
        || (a == 100 && (64..128).contains(&b)) // carrier-grade NAT 100.64/10
        || (a == 192 && b == 0 && c == 0)       // IETF protocol assignments 192.0.0/24
        || ip.is_documentation()   // 192.0.2/24, 198.51.100/24, 203.0.113/24
        || (a == 198 && (b == 18 || b == 19))  // benchmarking 198.18/15
        || ip.is_multicast()       // 224/4
        || a >= 240) // reserved 240/4 and broadcast
}

fn is_public_v6(ip: Ipv6Addr) -> bool {
    // An IPv4 address carried in IPv6 is judged as IPv4: `::ffff:127.0.0.1` is loopback.
    if let Some(v4) = ip.to_ipv4_mapped() {
        return is_public_v4(v4);
    }
    let segments = ip.segments();
    let embedded_v4 = |high: u16, low: u16| {
        let [a, b] = high.to_be_bytes();
        let [c, d] = low.to_be_bytes();
        Ipv4Addr::new(a, b, c, d)
    };
    match segments {
        // NAT64 64:ff9b::/96 and 6to4 2002::/16 reach the IPv4 address inside them.
        [0x64, 0xff9b, 0, 0, 0, 0, high, low] => is_public_v4(embedded_v4(high, low)),
        [0x2002, high, low, ..] => is_public_v4(embedded_v4(high, low)),
        _ => {
            !(ip.is_unspecified()
                || ip.is_loopback()
                || ip.is_multicast()
                || ip.is_unique_local()              // fc00::/7
                || ip.is_unicast_link_local()        // fe80::/10
                || (segments[0] & 0xffc0) == 0xfec0  // deprecated site-local fec0::/10
                || segments[..6] == [0; 6]           // IPv4-compatible ::a.b.c.d (deprecated)
                || (segments[0] == 0x2001 && segments[1] == 0x0db8) // documentation
                || (segments[0] == 0x2001 && segments[1] == 0)      // Teredo tunnels
                || segments[..4] == [0x100, 0, 0, 0]) // discard-only 100::/64
        }
    }
}

#[cfg(test)]
mod tests {
    use super::is_public;

    #[test]
    fn private_loopback_and_link_local_addresses_are_not_public() {
        for address in [
            "127.0.0.1",
            "127.1.2.3",
            "0.0.0.0",
            "10.0.0.5",
            "172.16.0.1",
            "172.31.255.255",
            "192.168.1.1",
            "169.254.169.254",
            "100.64.0.1",
            "192.0.0.8",
            "192.0.2.1",
            "198.18.0.1",
            "224.0.0.1",
            "255.255.255.255",
            "::",
            "::1",
            "::ffff:127.0.0.1",
            "::ffff:10.1.2.3",
            "::127.0.0.1",
            "fc00::1",
            "fd12:3456::1",
            "fe80::1",
            "fec0::1",
            "ff02::1",
            "2001:db8::1",
            "64:ff9b::7f00:1",
            "2002:7f00:1::1",
            "2002:a9fe:a9fe::1",
        ] {
            let ip = address.parse().expect(address);
            assert!(!is_public(ip), "{address} counted as public");
        }
    }

    #[test]
    fn ordinary_addresses_are_public() {
        for address in [
            "8.8.8.8",
            "1.1.1.1",
            "172.32.0.1",
            "100.128.0.1",
            "203.0.114.1",
            "2606:4700:4700::1111",
            "::ffff:8.8.8.8",
            "64:ff9b::808:808",
            "2002:808:808::1",
        ] {
            let ip = address.parse().expect(address);
            assert!(is_public(ip), "{address} counted as private");
        }
    }
}
