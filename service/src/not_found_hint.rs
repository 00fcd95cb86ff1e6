//! Why a secret was not found. AWS's ResourceNotFoundException stays exactly as it is on the
//! wire; beside it, an `x-emulator-hint` response header and an info log line say where a secret
//! of that name or ARN does exist (another region or account, scheduled for deletion, another ARN
//! suffix) and where this request was routed, and why. The usual cause is a client signing for
//! another region or account than the one that created the secret.
//!
//! The lookup path only notes a miss (a name and a partition, never a value) in a task-local
//! slot; the middleware here turns it into a hint once the operation has answered.

use crate::arn::SecretArn;
use crate::secret::Secret;
use crate::state::Emulator;
use crate::store::{PartitionKey, Partitions, is_purged};
use axum::Router;
use axum::extract::{Request, State};
use axum::http::header::AUTHORIZATION;
use axum::http::{HeaderMap, HeaderName, HeaderValue};
use axum::middleware::Next;
use axum::response::Response;
use runtime::{RequestContext, Routing, Timestamp};
use std::cell::RefCell;
use std::sync::Arc;

/// The response header that carries the hint.
pub const HINT_HEADER: HeaderName = HeaderName::from_static("x-emulator-hint");

tokio::task_local! {
    static MISSES: RefCell<Vec<Miss>>;
}

/// A lookup that found nothing: which id, in which partition.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Miss {
    pub key: PartitionKey,
    pub secret_id: String,
}

/// Notes that `secret_id` names no secret in `key`'s partition. Outside a request served
/// through [`layer`] (background work, unit tests) it does nothing.
pub(crate) fn note(key: &PartitionKey, secret_id: &str) {
    let _ = MISSES.try_with(|misses| {
        misses.borrow_mut().push(Miss {
            key: key.clone(),
            secret_id: secret_id.to_owned(),
        });
    });
}

/// Wraps the AWS API so that a "not found" answer carries a hint.
pub fn layer(api: Router, emulator: Arc<Emulator>) -> Router {
    api.layer(axum::middleware::from_fn_with_state(emulator, explain))
}

async fn explain(State(emulator): State<Arc<Emulator>>, request: Request, next: Next) -> Response {
    // Only the signature header says how the request was routed; it is read again only when
    // there is a miss to explain, so that a found secret costs no second context.
    let authorization = request.headers().get(AUTHORIZATION).cloned();
    let (mut response, misses) = MISSES
        .scope(RefCell::new(Vec::new()), async {
            let response = next.run(request).await;
            (response, MISSES.with(RefCell::take))
        })
        .await;
    let Some(miss) = misses.first() else {
        return response;
    };
    let routing = RequestContext::from_headers(&HeaderMap::from_iter(
        authorization.map(|value| (AUTHORIZATION, value)),
    ))
    .routing;
    let hint = {
        let partitions = emulator.store.read();
        hint(&partitions, miss, routing, emulator.clock.now())
    };
    tracing::info!(secret_id = %miss.secret_id, "secret not found: {hint}");
    if let Ok(value) = HeaderValue::from_str(&hint) {
        response.headers_mut().insert(HINT_HEADER, value);
    }
    response
}

/// The hint for `miss`: where a secret of that name or ARN exists, then where the request went.
pub fn hint(partitions: &Partitions, miss: &Miss, routing: Routing, now: Timestamp) -> String {
    let mut findings = Vec::new();
    let arn = SecretArn::parse(&miss.secret_id);
    if let Some(arn) = &arn
        && (arn.region != miss.key.region || arn.account_id != miss.key.account_id)
    {
        findings.push(format!(
            "the ARN names account {} region {}, not the routed one",
            arn.account_id, arn.region
        ));
    }
    for (key, partition) in partitions.iter() {
        for secret in partition.secrets() {
            if let Some(finding) = describe_match(key, secret, miss, arn.as_ref(), now) {
                findings.push(finding);
            }
        }
    }
    if findings.is_empty() {
        findings.push("no secret of that name exists in any account or region".to_owned());
    }
    findings.sort();
    format!(
        "{}; this request was routed to account {} region {} ({})",
        findings.join("; "),
        miss.key.account_id,
        miss.key.region,
        routing.describe()
    )
}

/// What `secret` in `key`'s partition has to do with the miss, if anything.
fn describe_match(
    key: &PartitionKey,
    secret: &Secret,
    miss: &Miss,
    arn: Option<&SecretArn>,
    now: Timestamp,
) -> Option<String> {
    let same_partition = *key == miss.key;
    let by_name = match arn {
        None => secret.name == miss.secret_id,
        // A full ARN is `name-suffix`; a partial one is the name.
        Some(arn) => {
            secret.name == arn.resource
                || arn
                    .resource
                    .rsplit_once('-')
                    .is_some_and(|(name, _)| name == secret.name)
        }
    };
    if !by_name {
        return None;
    }
    let state = if is_purged(secret, now) {
        " (deleted: its recovery window has ended)"
    } else if secret.is_scheduled_for_deletion() {
        " (scheduled for deletion)"
    } else {
        ""
    };
    if same_partition {
        if !state.is_empty() {
            return Some(format!("a secret named {} was here{state}", secret.name));
        }
        // Found by name but not by this id: only an ARN whose suffix differs gets here.
        return Some(format!(
            "a secret named {} exists here, but its ARN is {} (another suffix: was it re-created?)",
            secret.name, secret.arn
        ));
    }
    Some(format!(
        "a secret named {} exists in account {} region {}{state}",
        secret.name, key.account_id, key.region
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::secret::Deletion;

    const NOW: Timestamp = Timestamp::from_epoch_millis(10_000_000);
    const ARN: &str = "arn:aws:secretsmanager:eu-west-1:000000000000:secret:app/db-AbCdEf";

    fn miss(region: &str, secret_id: &str) -> Miss {
        Miss {
            key: PartitionKey::new("000000000000", region),
            secret_id: secret_id.to_owned(),
        }
    }

    fn store_with_app_db(deletion: Option<Deletion>) -> Partitions {
        let mut partitions = Partitions::default();
        let mut secret = Secret::new("app/db".into(), ARN.into(), NOW.plus_millis(-5_000));
        secret.deletion = deletion;
        partitions
            .entry(&PartitionKey::new("000000000000", "eu-west-1"))
            .insert(secret);
        partitions
    }

    #[test]
    fn an_arn_of_another_region_is_named_with_where_the_secret_is() {
        let hint = hint(
            &store_with_app_db(None),
            &miss("us-east-1", ARN),
            Routing::Unsigned,
            NOW,
        );
        assert_eq!(
            hint,
            "a secret named app/db exists in account 000000000000 region eu-west-1; the ARN names \
             account 000000000000 region eu-west-1, not the routed one; this request was routed \
             to account 000000000000 region us-east-1 (no SigV4 credential scope, so the default \
             region and account)"
        );
    }

    #[test]
    fn a_secret_past_its_recovery_window_is_named_as_deleted() {
        let deletion = Deletion {
            deleted_at: NOW.plus_millis(-4_000),
            purge_at: NOW.plus_millis(-1_000),
        };
        let hint = hint(
            &store_with_app_db(Some(deletion)),
            &miss("eu-west-1", "app/db"),
            Routing::ScopeAndDefaultAccount,
            NOW,
        );
        assert!(
            hint.starts_with(
                "a secret named app/db was here (deleted: its recovery window has ended); "
            ),
            "{hint}"
        );
    }
}
