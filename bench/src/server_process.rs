//! A server under test as a child process on a free loopback port.

use crate::connection::{BoxError, Connection};
use crate::cpu;
use crate::memory::Memory;
use crate::wire;
use std::net::{Ipv4Addr, SocketAddr, TcpListener};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// A running server; killed when dropped.
pub(crate) struct ServerProcess {
    child: Child,
    pub address: SocketAddr,
    spawned: Instant,
}

impl ServerProcess {
    /// Starts `command`, which must listen on `address`. Its output is discarded: a server that
    /// logs each request (moto) would otherwise block on a full pipe.
    pub(crate) fn spawn(mut command: Command, address: SocketAddr) -> std::io::Result<Self> {
        command
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null());
        let spawned = Instant::now();
        let child = command.spawn()?;
        Ok(Self {
            child,
            address,
            spawned,
        })
    }

    /// Waits until the server answers a request (any status: an answer is an answer), and returns
    /// the time from spawning it.
    pub(crate) async fn wait_until_answering(
        &mut self,
        give_up_after: Duration,
    ) -> Result<Duration, String> {
        // ListSecrets is an operation of all three servers, unlike a health path.
        let probe = wire::list_secrets(1, None, None);
        loop {
            if let Ok(Some(status)) = self.child.try_wait() {
                return Err(format!("the server exited at start-up ({status})"));
            }
            if self.spawned.elapsed() > give_up_after {
                return Err(format!("no answer within {give_up_after:?}"));
            }
            let attempt = async {
                let mut connection = Connection::open(self.address).await?;
                connection.call(&probe).await?;
                Ok::<(), BoxError>(())
            };
            match tokio::time::timeout(Duration::from_secs(5), attempt).await {
                Ok(Ok(())) => return Ok(self.spawned.elapsed()),
                // Not listening yet: try again soon. A millisecond keeps the error of the
                // measurement small next to the 20 ms target without spinning a core.
                _ => tokio::time::sleep(Duration::from_millis(1)).await,
            }
        }
    }

    pub(crate) fn memory(&self) -> std::io::Result<Memory> {
        Memory::of_process(self.child.id())
    }

    /// CPU time the server used so far (all threads).
    pub(crate) fn cpu_time(&self) -> std::io::Result<Duration> {
        cpu::cpu_time(self.child.id())
    }

    /// Why the server is gone, if it died under load.
    pub(crate) fn exit_status(&mut self) -> Option<String> {
        match self.child.try_wait() {
            Ok(Some(status)) => Some(status.to_string()),
            _ => None,
        }
    }
}

impl Drop for ServerProcess {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A loopback address with a port nobody listens on right now.
pub(crate) fn free_address() -> std::io::Result<SocketAddr> {
    let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, 0))?;
    listener.local_addr()
}
