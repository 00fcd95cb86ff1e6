//! Reading a request body within [`MAX_BODY_BYTES`].
//!
//! A body over the limit is still read to its end, up to [`DRAIN_LIMIT_BYTES`], and dropped
//! before the refusal is sent: a client that writes its whole body before reading (as SDKs and
//! curl do) then reads our answer, where closing the connection under it would show it only a
//! broken pipe.

use axum::body::{Body, Bytes, HttpBody};
use axum::http::{HeaderMap, header};
use std::pin::Pin;

/// The largest request body accepted. A maximal SecretString (65,536 characters) fits even
/// when every character is sent as a `\uXXXX` surrogate pair.
pub const MAX_BODY_BYTES: usize = 1 << 20;

/// How much of an oversized body is read and dropped so that its sender can read the refusal.
/// A larger body (or one whose Content-Length announces more) is refused at once, and the
/// connection closed under it: reading it would cost more than the courtesy is worth.
pub const DRAIN_LIMIT_BYTES: usize = 16 << 20;

/// The body was larger than [`MAX_BODY_BYTES`], or could not be read.
#[derive(Debug, PartialEq, Eq, thiserror::Error)]
#[error("the request body is over {MAX_BODY_BYTES} bytes, or could not be read")]
pub struct BodyTooLarge;

/// The request body, if it is at most [`MAX_BODY_BYTES`] long.
pub async fn read_limited(headers: &HeaderMap, mut body: Body) -> Result<Bytes, BodyTooLarge> {
    if announced_length(headers).is_some_and(|length| length > DRAIN_LIMIT_BYTES as u64) {
        return Err(BodyTooLarge);
    }
    let mut chunks: Vec<Bytes> = Vec::new();
    let mut received: usize = 0;
    while let Some(frame) = std::future::poll_fn(|cx| Pin::new(&mut body).poll_frame(cx)).await {
        let Ok(data) = frame.map_err(|_| BodyTooLarge)?.into_data() else {
            // Trailers carry no body bytes.
            continue;
        };
        received = received.saturating_add(data.len());
        if received > DRAIN_LIMIT_BYTES {
            return Err(BodyTooLarge);
        }
        if received <= MAX_BODY_BYTES {
            chunks.push(data);
        } else {
            // Over the limit: keep reading, keep nothing.
            chunks.clear();
        }
    }
    if received > MAX_BODY_BYTES {
        return Err(BodyTooLarge);
    }
    Ok(match chunks.len() {
        // The usual case, one chunk, is handed on without a copy.
        1 => chunks.swap_remove(0),
        _ => chunks.concat().into(),
    })
}

fn announced_length(headers: &HeaderMap) -> Option<u64> {
    headers
        .get(header::CONTENT_LENGTH)?
        .to_str()
        .ok()?
        .trim()
        .parse()
        .ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A body that arrives in `chunks`, one frame each.
    struct Chunks(std::collections::VecDeque<Bytes>);

    impl HttpBody for Chunks {
        type Data = Bytes;
        type Error = std::convert::Infallible;

        fn poll_frame(
            mut self: Pin<&mut Self>,
            _: &mut std::task::Context<'_>,
        ) -> std::task::Poll<Option<Result<http_body::Frame<Bytes>, Self::Error>>> {
            std::task::Poll::Ready(
                self.0
                    .pop_front()
                    .map(|chunk| Ok(http_body::Frame::data(chunk))),
            )
        }
    }

    fn chunked(chunks: Vec<Vec<u8>>) -> Body {
        Body::new(Chunks(chunks.into_iter().map(Bytes::from).collect()))
    }

    #[tokio::test]
    async fn a_body_within_the_limit_is_read_whole() {
        let body = chunked(vec![b"{\"a\":".to_vec(), b"1}".to_vec()]);
        let read = read_limited(&HeaderMap::new(), body).await.unwrap();
        assert_eq!(&read[..], b"{\"a\":1}");
        let exact = vec![b'x'; MAX_BODY_BYTES];
        let read = read_limited(&HeaderMap::new(), Body::from(exact.clone()))
            .await
            .unwrap();
        assert_eq!(read.len(), exact.len());
    }

    /// A body that counts the frames read from it.
    struct Counted(Chunks, std::sync::Arc<std::sync::atomic::AtomicUsize>);

    impl HttpBody for Counted {
        type Data = Bytes;
        type Error = std::convert::Infallible;

        fn poll_frame(
            mut self: Pin<&mut Self>,
            cx: &mut std::task::Context<'_>,
        ) -> std::task::Poll<Option<Result<http_body::Frame<Bytes>, Self::Error>>> {
            let frame = Pin::new(&mut self.0).poll_frame(cx);
            if let std::task::Poll::Ready(Some(_)) = &frame {
                self.1.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            }
            frame
        }
    }

    #[tokio::test]
    async fn a_larger_body_is_read_to_its_end_and_refused() {
        let chunks = [vec![b'x'; 1 << 20], vec![b'y'; 1], vec![b'z'; 4 << 20]];
        let read = std::sync::Arc::default();
        let body = Counted(
            Chunks(chunks.into_iter().map(Bytes::from).collect()),
            std::sync::Arc::clone(&read),
        );
        assert_eq!(
            read_limited(&HeaderMap::new(), Body::new(body)).await,
            Err(BodyTooLarge)
        );
        assert_eq!(
            read.load(std::sync::atomic::Ordering::Relaxed),
            3,
            "every frame read"
        );
    }

    #[tokio::test]
    async fn a_body_announced_beyond_the_drain_limit_is_refused_unread() {
        let mut headers = HeaderMap::new();
        headers.insert(
            header::CONTENT_LENGTH,
            (DRAIN_LIMIT_BYTES + 1).to_string().parse().unwrap(),
        );
        assert_eq!(
            read_limited(&headers, Body::from("{}")).await,
            Err(BodyTooLarge)
        );
    }
}
