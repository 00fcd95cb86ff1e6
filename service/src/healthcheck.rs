//! The `healthcheck` subcommand: asks a running emulator for `GET /health` and succeeds when it
//! answers 200. It is the container image's HEALTHCHECK, since a `scratch` image has no curl.

use std::io::{Read, Write};
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr, TcpStream};
use std::time::Duration;

const TIMEOUT: Duration = Duration::from_secs(2);

/// Checks the server listening on `host:port`; a wildcard host (`0.0.0.0`, `::`) is checked on
/// loopback. `Err` says why it is not healthy.
pub fn check(host: &str, port: u16) -> Result<(), String> {
    let ip: IpAddr = host
        .parse()
        .map_err(|_| format!("--host {host:?} is not an IP address"))?;
    let ip = match ip {
        IpAddr::V4(v4) if v4.is_unspecified() => IpAddr::V4(Ipv4Addr::LOCALHOST),
        IpAddr::V6(v6) if v6.is_unspecified() => IpAddr::V6(Ipv6Addr::LOCALHOST),
        other => other,
    };
    let address = SocketAddr::new(ip, port);
    let mut stream = TcpStream::connect_timeout(&address, TIMEOUT)
        .map_err(|error| format!("cannot connect to {address}: {error}"))?;
    let io = |error: std::io::Error| format!("{address}: {error}");
    stream.set_read_timeout(Some(TIMEOUT)).map_err(io)?;
    stream.set_write_timeout(Some(TIMEOUT)).map_err(io)?;
    stream
        .write_all(b"GET /health HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
        .map_err(io)?;
    let mut head = [0u8; 12];
    stream.read_exact(&mut head).map_err(io)?;
    if head.starts_with(b"HTTP/1.1 200") {
        Ok(())
    } else {
        Err(format!(
            "{address} answered {:?}",
            String::from_utf8_lossy(&head)
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_host_names_and_reports_a_closed_port() {
        assert!(check("localhost", 4566).unwrap_err().contains("not an IP"));
        // A port just released by the OS: nothing listens there.
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        assert!(
            check("0.0.0.0", port)
                .unwrap_err()
                .contains("cannot connect")
        );
    }
}
