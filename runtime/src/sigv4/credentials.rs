//! The key pairs a server accepts signatures from.

use std::collections::HashMap;

/// The key pairs whose signatures are accepted: access key id -> secret access key, and the
/// session tokens of temporary credentials.
#[derive(Clone, Default)]
pub struct Credentials {
    secrets: HashMap<String, String>,
    session_tokens: HashMap<String, String>,
}

impl Credentials {
    /// Accepts the signatures of these `(access key id, secret access key)` pairs.
    pub fn new<I, K, S>(pairs: I) -> Self
    where
        I: IntoIterator<Item = (K, S)>,
        K: Into<String>,
        S: Into<String>,
    {
        Self {
            secrets: pairs
                .into_iter()
                .map(|(key, secret)| (key.into(), secret.into()))
                .collect(),
            session_tokens: HashMap::new(),
        }
    }

    /// The secret access key paired with `access_key_id`, if it is one of these.
    pub(super) fn secret_access_key(&self, access_key_id: &str) -> Option<&str> {
        self.secrets.get(access_key_id).map(String::as_str)
    }

    /// The session token `access_key_id` must send, if it is a pair of temporary credentials.
    pub(super) fn session_token(&self, access_key_id: &str) -> Option<&str> {
        self.session_tokens.get(access_key_id).map(String::as_str)
    }

    /// Makes `access_key_id` a pair of temporary credentials: its requests must carry `token` in
    /// `X-Amz-Security-Token`. Without this, a request may carry any token (signed, as every
    /// header it carries for the credentials must be).
    pub fn with_session_token(
        mut self,
        access_key_id: impl Into<String>,
        token: impl Into<String>,
    ) -> Self {
        self.session_tokens
            .insert(access_key_id.into(), token.into());
        self
    }
}

/// Names the access key ids only: secret keys and session tokens never reach a log.
impl std::fmt::Debug for Credentials {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let mut access_key_ids: Vec<&String> = self.secrets.keys().collect();
        access_key_ids.sort();
        f.debug_struct("Credentials")
            .field("access_key_ids", &access_key_ids)
            .finish_non_exhaustive()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_output_names_no_secret() {
        let credentials =
            Credentials::new([("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY")])
                .with_session_token("AKIDEXAMPLE", "token-value");
        let shown = format!("{credentials:?}");
        assert!(shown.contains("AKIDEXAMPLE"), "{shown}");
        assert!(
            !shown.contains("wJalr") && !shown.contains("token-value"),
            "{shown}"
        );
    }
}
