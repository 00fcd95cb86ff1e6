//! A process's resident memory, from `/proc/<pid>/status`.

use std::io;

/// Resident set size now (`VmRSS`) and its peak so far (`VmHWM`), in bytes.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Memory {
    pub resident: u64,
    pub peak: u64,
}

impl Memory {
    pub(crate) fn of_process(pid: u32) -> io::Result<Self> {
        let status = std::fs::read_to_string(format!("/proc/{pid}/status"))?;
        let field = |name: &str| {
            parse_kib_field(&status, name).ok_or_else(|| {
                io::Error::new(
                    io::ErrorKind::InvalidData,
                    format!("no {name} in /proc/{pid}/status"),
                )
            })
        };
        Ok(Self {
            resident: field("VmRSS")?,
            peak: field("VmHWM")?,
        })
    }
}

/// `Name:   1234 kB` → 1234 × 1024.
fn parse_kib_field(status: &str, name: &str) -> Option<u64> {
    let line = status
        .lines()
        .find(|line| line.split(':').next() == Some(name))?;
    let kib: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib * 1024)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_kib_fields() {
        let status = "Name:\tx\nVmHWM:\t    2048 kB\nVmRSS:\t    1024 kB\n";
        assert_eq!(parse_kib_field(status, "VmRSS"), Some(1024 * 1024));
        assert_eq!(parse_kib_field(status, "VmHWM"), Some(2048 * 1024));
        assert_eq!(parse_kib_field(status, "VmSwap"), None);
    }

    #[test]
    fn reads_its_own_memory() {
        let memory = Memory::of_process(std::process::id()).unwrap();
        assert!(memory.resident > 0 && memory.peak >= memory.resident);
    }
}
