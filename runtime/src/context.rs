use axum::http::HeaderMap;

/// Who is calling and where: what every operation needs besides its input.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RequestContext {
    /// Echoed in `x-amzn-RequestId`.
    pub request_id: String,
    /// From the SigV4 credential scope; `us-east-1` when the request is unsigned.
    pub region: String,
    /// A 12-digit access key id is taken as the account id (as LocalStack does); otherwise the
    /// default account.
    pub account_id: String,
    /// Why this region and account were chosen, for diagnostics such as "not found" hints.
    pub routing: Routing,
}

/// How a request's region and account were chosen.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Routing {
    /// No SigV4 credential scope: the default region and account.
    #[default]
    Unsigned,
    /// Region from the credential scope; account from the 12-digit access key id.
    ScopeAndAccessKey,
    /// Region from the credential scope; the default account, since the access key id is not
    /// 12 digits.
    ScopeAndDefaultAccount,
}

impl Routing {
    /// In words, e.g. for a log line or a response header.
    pub fn describe(self) -> &'static str {
        match self {
            Routing::Unsigned => "no SigV4 credential scope, so the default region and account",
            Routing::ScopeAndAccessKey => {
                "region from the SigV4 credential scope, account from the 12-digit access key id"
            }
            Routing::ScopeAndDefaultAccount => {
                "region from the SigV4 credential scope, default account since the access key id is not 12 digits"
            }
        }
    }
}

/// The region of a request without a SigV4 credential scope.
pub const DEFAULT_REGION: &str = "us-east-1";
/// The account of a request whose access key id is not a 12-digit account id.
pub const DEFAULT_ACCOUNT_ID: &str = "000000000000";

impl RequestContext {
    /// A context with these ids, routed as an unsigned request is (for calls made off the wire).
    pub fn new(
        request_id: impl Into<String>,
        region: impl Into<String>,
        account_id: impl Into<String>,
    ) -> Self {
        Self {
            request_id: request_id.into(),
            region: region.into(),
            account_id: account_id.into(),
            routing: Routing::default(),
        }
    }

    /// Reads region and account from the `Authorization` header and gives the request a fresh id.
    pub fn from_headers(headers: &HeaderMap) -> Self {
        let scope = headers
            .get(axum::http::header::AUTHORIZATION)
            .and_then(|value| value.to_str().ok())
            .and_then(CredentialScope::parse);
        let (region, account_id, routing) = match scope {
            Some(scope) => {
                let account_id = account_for_access_key(scope.access_key_id);
                let routing = if account_id == scope.access_key_id {
                    Routing::ScopeAndAccessKey
                } else {
                    Routing::ScopeAndDefaultAccount
                };
                (scope.region.to_owned(), account_id.to_owned(), routing)
            }
            None => (
                DEFAULT_REGION.to_owned(),
                DEFAULT_ACCOUNT_ID.to_owned(),
                Routing::Unsigned,
            ),
        };
        Self {
            request_id: uuid::Uuid::new_v4().to_string(),
            region,
            account_id,
            routing,
        }
    }
}

fn account_for_access_key(access_key_id: &str) -> &str {
    let is_account_id =
        access_key_id.len() == 12 && access_key_id.bytes().all(|b| b.is_ascii_digit());
    if is_account_id {
        access_key_id
    } else {
        DEFAULT_ACCOUNT_ID
    }
}

/// `Credential=AKID/20260421/us-east-1/secretsmanager/aws4_request` inside a SigV4 header.
struct CredentialScope<'a> {
    access_key_id: &'a str,
    region: &'a str,
}

impl<'a> CredentialScope<'a> {
    fn parse(authorization: &'a str) -> Option<Self> {
        let rest = authorization.strip_prefix("AWS4-HMAC-SHA256")?;
        let credential = rest
            .split(',')
            .map(str::trim)
            .find_map(|part| part.strip_prefix("Credential="))?;
        let mut fields = credential.split('/');
        let access_key_id = fields.next().filter(|id| !id.is_empty())?;
        let _date = fields.next()?;
        let region = fields.next().filter(|region| is_region_name(region))?;
        Some(Self {
            access_key_id,
            region,
        })
    }
}

fn is_region_name(region: &str) -> bool {
    !region.is_empty()
        && region.len() <= 128
        && region
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn context_for(authorization: &str) -> RequestContext {
        let mut headers = HeaderMap::new();
        headers.insert("authorization", authorization.parse().unwrap());
        RequestContext::from_headers(&headers)
    }

    #[test]
    fn reads_region_from_the_credential_scope() {
        let context = context_for(
            "AWS4-HMAC-SHA256 Credential=test/20260421/eu-west-2/secretsmanager/aws4_request, SignedHeaders=host, Signature=fake",
        );
        assert_eq!(context.region, "eu-west-2");
        assert_eq!(context.account_id, DEFAULT_ACCOUNT_ID);
        assert_eq!(context.routing, Routing::ScopeAndDefaultAccount);
    }

    #[test]
    fn a_twelve_digit_access_key_is_the_account() {
        let context = context_for(
            "AWS4-HMAC-SHA256 Credential=123456789012/20260421/us-west-1/secretsmanager/aws4_request, SignedHeaders=host, Signature=x",
        );
        assert_eq!(context.account_id, "123456789012");
        assert_eq!(context.region, "us-west-1");
        assert_eq!(context.routing, Routing::ScopeAndAccessKey);
    }

    #[test]
    fn unsigned_or_malformed_requests_get_the_defaults() {
        for authorization in ["", "Bearer token", "AWS4-HMAC-SHA256 Credential=onlykey"] {
            let context = context_for(authorization);
            assert_eq!(context.region, DEFAULT_REGION);
            assert_eq!(context.account_id, DEFAULT_ACCOUNT_ID);
            assert_eq!(context.routing, Routing::Unsigned);
        }
        let context = RequestContext::from_headers(&HeaderMap::new());
        assert_eq!(context.region, DEFAULT_REGION);
        assert_eq!(context.request_id.len(), 36);
    }
}
