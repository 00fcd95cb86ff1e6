//! The `Authorization` header of a SigV4-signed request.

use super::error::SignatureError;

/// The one signing algorithm accepted.
pub(super) const ALGORITHM: &str = "AWS4-HMAC-SHA256";

/// The parts of a SigV4 `Authorization` header, borrowed from it.
pub(super) struct Authorization<'a> {
    pub(super) access_key_id: &'a str,
    pub(super) date: &'a str,
    pub(super) region: &'a str,
    pub(super) service: &'a str,
    pub(super) signed_headers: Vec<&'a str>,
    pub(super) signature: &'a str,
}

impl<'a> Authorization<'a> {
    /// Reads `AWS4-HMAC-SHA256 Credential=…/DATE/REGION/SERVICE/aws4_request, SignedHeaders=…,
    /// Signature=…`; a missing part is refused with AWS's IncompleteSignatureException wording.
    pub(super) fn parse(value: &'a str) -> Result<Self, SignatureError> {
        let incomplete = |what: &str| {
            SignatureError::Incomplete(format!(
                "Authorization header requires '{what}' parameter. Authorization={value}"
            ))
        };
        let rest = value.strip_prefix(ALGORITHM).ok_or_else(|| {
            SignatureError::Incomplete(format!(
                "Authorization header requires the {ALGORITHM} algorithm. Authorization={value}"
            ))
        })?;
        let mut credential = None;
        let mut signed_headers = None;
        let mut signature = None;
        for part in rest.split(',').map(str::trim) {
            if let Some(found) = part.strip_prefix("Credential=") {
                credential = Some(found);
            } else if let Some(found) = part.strip_prefix("SignedHeaders=") {
                signed_headers = Some(found);
            } else if let Some(found) = part.strip_prefix("Signature=") {
                signature = Some(found);
            }
        }
        let credential = credential.ok_or_else(|| incomplete("Credential"))?;
        let signed_headers = signed_headers.ok_or_else(|| incomplete("SignedHeaders"))?;
        let signature = signature.ok_or_else(|| incomplete("Signature"))?;
        let scope: Vec<&str> = credential.split('/').collect();
        let [access_key_id, date, region, service, "aws4_request"] = scope[..] else {
            return Err(SignatureError::Incomplete(format!(
                "Credential should be scoped to a valid region, not '{credential}'. Authorization={value}"
            )));
        };
        Ok(Self {
            access_key_id,
            date,
            region,
            service,
            signed_headers: signed_headers.split(';').collect(),
            signature,
        })
    }
}
