use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use serde::{Deserialize, Deserializer, Serialize, Serializer, de};

/// A Smithy `blob`: raw bytes, base64-encoded on the wire.
#[derive(Clone, Default, PartialEq, Eq, Hash)]
pub struct Blob(Vec<u8>);

impl Blob {
    /// A blob of these bytes.
    pub fn new(bytes: impl Into<Vec<u8>>) -> Self {
        Self(bytes.into())
    }

    /// The raw bytes (not base64).
    pub fn as_bytes(&self) -> &[u8] {
        &self.0
    }

    /// The raw bytes, without a copy.
    pub fn into_bytes(self) -> Vec<u8> {
        self.0
    }

    /// The number of bytes.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Whether the blob has no bytes.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

/// Blobs often hold secrets: their bytes never reach a log line.
impl std::fmt::Debug for Blob {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Blob({} bytes)", self.0.len())
    }
}

impl Serialize for Blob {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&STANDARD.encode(&self.0))
    }
}

impl<'de> Deserialize<'de> for Blob {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let encoded = <std::borrow::Cow<'de, str>>::deserialize(deserializer)?;
        STANDARD
            .decode(encoded.as_bytes())
            .map(Blob)
            .map_err(|_| de::Error::custom(INVALID_BASE64))
    }
}

/// The serde error text for a blob that is not base64; the protocol layer recognises it.
pub(crate) const INVALID_BASE64: &str = "blob is not valid base64";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_through_base64() {
        let blob: Blob = serde_json::from_str("\"Zm9vdGVzdA==\"").unwrap();
        assert_eq!(blob.as_bytes(), b"footest");
        assert_eq!(serde_json::to_string(&blob).unwrap(), "\"Zm9vdGVzdA==\"");
    }

    #[test]
    fn refuses_text_that_is_not_base64() {
        let error = serde_json::from_str::<Blob>("\"not base64!\"").unwrap_err();
        assert!(error.to_string().contains(INVALID_BASE64));
    }

    #[test]
    fn debug_shows_no_bytes() {
        assert_eq!(format!("{:?}", Blob::new(*b"secret")), "Blob(6 bytes)");
    }
}
