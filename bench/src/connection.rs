//! One HTTP/1.1 keep-alive connection to the server under test: each load worker owns one.

use crate::wire::Call;
use http_body_util::{BodyExt, Full};
use hyper::body::Bytes;
use hyper::client::conn::http1::{self, SendRequest};
use hyper::header::CONNECTION;
use hyper::{StatusCode, Version};
use hyper_util::rt::TokioIo;
use std::net::SocketAddr;
use tokio::net::TcpStream;

pub(crate) type BoxError = Box<dyn std::error::Error + Send + Sync>;

/// A server's answer, read to its end.
#[derive(Debug)]
pub(crate) struct Reply {
    pub status: StatusCode,
    pub body: Bytes,
}

impl Reply {
    /// `__type: Message` of an AWS JSON error, or the status and the start of the body.
    pub(crate) fn error_summary(&self) -> String {
        let parsed: Option<serde_json::Value> = serde_json::from_slice(&self.body).ok();
        let field = |name: &str| {
            parsed
                .as_ref()
                .and_then(|value| value.get(name))
                .and_then(|value| value.as_str())
                .map(str::to_owned)
        };
        match (
            field("__type"),
            field("Message").or_else(|| field("message")),
        ) {
            (Some(kind), Some(message)) => format!("{kind}: {message}"),
            (Some(kind), None) => kind,
            _ => {
                // Some servers answer errors with an HTML page: its title, else a one-line
                // excerpt.
                let text = String::from_utf8_lossy(&self.body);
                let title = text
                    .split_once("<title>")
                    .and_then(|(_, rest)| rest.split_once("</title>"))
                    .map(|(title, _)| title);
                let words: Vec<&str> = title.unwrap_or(&text).split_whitespace().collect();
                let excerpt: String = words.join(" ").chars().take(120).collect();
                format!("HTTP {}: {excerpt}", self.status.as_u16())
            }
        }
    }
}

pub(crate) struct Connection {
    sender: SendRequest<Full<Bytes>>,
    address: SocketAddr,
    host: String,
    /// The last answer said the server closes the connection after it.
    closing: bool,
}

impl Connection {
    pub(crate) async fn open(address: SocketAddr) -> Result<Self, BoxError> {
        let stream = TcpStream::connect(address).await?;
        // Small requests and answers: without this, Nagle's algorithm can hold a request back.
        stream.set_nodelay(true)?;
        let (sender, connection) = http1::handshake(TokioIo::new(stream)).await?;
        tokio::spawn(async move {
            // Ends when the server closes the connection or the sender is dropped; a failure
            // shows up as an error of the next call.
            let _ = connection.await;
        });
        Ok(Self {
            sender,
            address,
            host: address.to_string(),
            closing: false,
        })
    }

    /// Sends `call` and reads the whole answer. A server that closes connections after each
    /// answer (moto's does) gets a new one first, as an HTTP client's pool would do: the
    /// reconnection is part of that server's cost.
    pub(crate) async fn call(&mut self, call: &Call) -> Result<Reply, BoxError> {
        if self.closing || self.sender.is_closed() {
            *self = Self::open(self.address).await?;
        }
        self.sender.ready().await?;
        let response = self.sender.send_request(call.request(&self.host)).await?;
        self.closing = response.version() == Version::HTTP_10
            || response
                .headers()
                .get(CONNECTION)
                .is_some_and(|value| value.as_bytes().eq_ignore_ascii_case(b"close"));
        let status = response.status();
        let body = response.into_body().collect().await?.to_bytes();
        Ok(Reply { status, body })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reply(status: u16, body: &str) -> Reply {
        Reply {
            status: StatusCode::from_u16(status).unwrap(),
            body: Bytes::from(body.to_owned()),
        }
    }

    #[test]
    fn summarises_aws_errors_and_html_pages() {
        let aws = reply(
            400,
            r#"{"__type":"ResourceNotFoundException","Message":"gone"}"#,
        );
        assert_eq!(aws.error_summary(), "ResourceNotFoundException: gone");
        let html = reply(
            500,
            "<html>\n<title>500 Internal Server Error</title><p>long</p>",
        );
        assert_eq!(html.error_summary(), "HTTP 500: 500 Internal Server Error");
        let text = reply(502, "bad\n  gateway");
        assert_eq!(text.error_summary(), "HTTP 502: bad gateway");
    }
}
