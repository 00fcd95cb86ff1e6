//! A process's CPU time, from `/proc/<pid>/stat`: what a server spends per request, a figure
//! that noise on a shared machine moves much less than throughput.

use std::io;
use std::time::Duration;

/// Linux reports `utime` and `stime` in clock ticks of 1/100 s (USER_HZ) on every architecture
/// it exposes to user space.
const TICKS_PER_SECOND: u64 = 100;

/// User plus system time of all the process's threads so far.
pub(crate) fn cpu_time(pid: u32) -> io::Result<Duration> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat"))?;
    parse_stat(&stat)
        .ok_or_else(|| io::Error::new(io::ErrorKind::InvalidData, format!("bad /proc/{pid}/stat")))
}

/// Fields 14 (`utime`) and 15 (`stime`). The command name (field 2) may hold spaces and
/// parentheses, so fields are counted from the last `)`.
fn parse_stat(stat: &str) -> Option<Duration> {
    let after_name = &stat[stat.rfind(')')? + 1..];
    let mut fields = after_name.split_whitespace().skip(11);
    let user: u64 = fields.next()?.parse().ok()?;
    let system: u64 = fields.next()?.parse().ok()?;
    Some(Duration::from_millis(
        (user + system) * 1000 / TICKS_PER_SECOND,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_user_and_system_ticks() {
        let stat = "42 (a (b) c) S 1 42 42 0 -1 4194560 100 0 0 0 250 50 0 0 20 0 3 0";
        assert_eq!(parse_stat(stat), Some(Duration::from_secs(3)));
    }

    #[test]
    fn reads_its_own_cpu_time() {
        assert!(cpu_time(std::process::id()).is_ok());
    }
}
