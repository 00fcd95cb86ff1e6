//! The golden files compile against the runtime, and behave: each fixture's generated router is
//! driven with `oneshot` requests through a small handler written here.

// Each golden is a library; these tests use only part of it (items and re-exports).
#[allow(dead_code, unused_imports, unreachable_pub)]
mod minimal {
    include!("golden/minimal.rs");
}
#[allow(dead_code, unused_imports, unreachable_pub)]
mod constraints {
    include!("golden/constraints.rs");
}
#[allow(dead_code, unused_imports, unreachable_pub)]
mod naming {
    include!("golden/naming.rs");
}
#[allow(dead_code, unused_imports, unreachable_pub)]
mod sensitive_and_unit {
    include!("golden/sensitive_and_unit.rs");
}
#[allow(dead_code, unused_imports, unreachable_pub)]
mod secretsmanager {
    include!("golden/secretsmanager.rs");
}

use axum::body::Body;
use axum::http::{Request, StatusCode};
use std::sync::Arc;
use tower::ServiceExt;

struct Reply {
    status: StatusCode,
    error_type: Option<String>,
    body: String,
}

async fn call(router: axum::Router, target: &str, body: &str) -> Reply {
    let request = Request::post("/")
        .header("x-amz-target", target)
        .header("content-type", "application/x-amz-json-1.1")
        .body(Body::from(body.to_owned()))
        .expect("a valid request");
    let response = router
        .oneshot(request)
        .await
        .expect("routers are infallible");
    let status = response.status();
    let error_type = response
        .headers()
        .get("x-amzn-errortype")
        .map(|value| value.to_str().expect("ASCII").to_owned());
    let bytes = axum::body::to_bytes(response.into_body(), usize::MAX)
        .await
        .expect("read the body");
    Reply {
        status,
        error_type,
        body: String::from_utf8(bytes.to_vec()).expect("UTF-8"),
    }
}

mod minimal_service {
    use super::*;
    use minimal::*;

    struct Notes;

    impl NotesHandler for Notes {
        async fn get_note(
            &self,
            _ctx: runtime::RequestContext,
            input: GetNoteRequest,
        ) -> Result<GetNoteResponse, GetNoteError> {
            if input.note_id == "missing" {
                return Err(NoteNotFound::new("no such note").into());
            }
            Ok(GetNoteResponse {
                note_id: Some(input.note_id),
                text: Some(format!("verbose={:?}", input.verbose)),
                created_at: Some(runtime::Timestamp::from_epoch_millis(1_523_477_145_713)),
            })
        }
    }

    #[tokio::test]
    async fn serves_an_operation() {
        let reply = call(
            router(Arc::new(Notes)),
            "Notes.GetNote",
            r#"{"NoteId":"n1"}"#,
        )
        .await;
        assert_eq!(reply.status, StatusCode::OK);
        assert_eq!(
            reply.body,
            r#"{"NoteId":"n1","Text":"verbose=None","CreatedAt":1523477145.713}"#
        );
    }

    #[tokio::test]
    async fn modelled_errors_carry_their_shape_name() {
        let reply = call(
            router(Arc::new(Notes)),
            "Notes.GetNote",
            r#"{"NoteId":"missing"}"#,
        )
        .await;
        assert_eq!(reply.status, StatusCode::BAD_REQUEST);
        assert_eq!(
            reply.body,
            r#"{"__type":"NoteNotFound","Message":"no such note"}"#
        );
        assert_eq!(reply.error_type.as_deref(), Some("NoteNotFound"));
    }

    #[tokio::test]
    async fn unknown_targets_are_refused() {
        let reply = call(router(Arc::new(Notes)), "Notes.DeleteNote", "{}").await;
        assert_eq!(reply.status, StatusCode::BAD_REQUEST);
        assert!(
            reply
                .body
                .contains(r#""__type":"UnknownOperationException""#)
        );
    }

    #[test]
    fn an_operation_error_is_caused_by_its_shape() {
        use std::error::Error;
        let error = GetNoteError::from(NoteNotFound::new("no such note"));
        let source = error.source().expect("the shape is the source");
        assert_eq!(source.to_string(), "NoteNotFound: no such note");
        assert!(source.is::<NoteNotFound>());
    }

    #[test]
    fn items_are_named_from_the_root_and_from_their_role_module() {
        let _: minimal::inputs::GetNoteRequest = minimal::GetNoteRequest {
            note_id: "n1".to_owned(),
            verbose: None,
        };
        let _: fn(Arc<Notes>) -> axum::Router = minimal::server::router::<Notes>;
        assert_eq!(
            minimal::errors::GetNoteError::from(NoteNotFound::default()),
            GetNoteError::NoteNotFound(NoteNotFound::default())
        );
    }

    #[test]
    fn the_operation_table_is_complete() {
        assert_eq!(Operation::ALL, [Operation::GetNote]);
        assert_eq!(Operation::GetNote.target(), "Notes.GetNote");
        assert_eq!(
            Operation::from_target("Notes.GetNote"),
            Some(Operation::GetNote)
        );
        assert_eq!(Operation::from_target("GetNote"), None);
    }
}

mod constraints_service {
    use super::*;
    use constraints::*;

    struct Shop;

    impl ShopHandler for Shop {
        async fn place_order(
            &self,
            _ctx: runtime::RequestContext,
            input: PlaceOrderRequest,
        ) -> Result<PlaceOrderResponse, PlaceOrderError> {
            if input.customer == "closed" {
                return Err(Unavailable::new("shop closed").into());
            }
            Ok(PlaceOrderResponse {
                order_id: format!("{}-gift={}", input.customer, input.gift),
                priority: input.priority,
            })
        }
    }

    async fn place(body: &str) -> Reply {
        call(router(Arc::new(Shop)), "Shop.PlaceOrder", body).await
    }

    #[tokio::test]
    async fn valid_input_reaches_the_handler_with_defaults_applied() {
        let reply =
            place(r#"{"Customer":"ann","Priority":"high-priority","Items":[{"Sku":"abc"}]}"#).await;
        assert_eq!(reply.status, StatusCode::OK);
        assert_eq!(
            reply.body,
            r#"{"OrderId":"ann-gift=false","Priority":"high-priority"}"#
        );
    }

    #[tokio::test]
    async fn reports_every_constraint_failure_in_aws_wording() {
        let reply = place(
            r#"{"Customer":"ANN","Quantity":0,"Priority":"urgent","Items":[{"Sku":"ab"},{}],"Labels":{"x":"toolong"},"Attachment":"AAAAAAAAAAAAAAAA"}"#,
        )
        .await;
        assert_eq!(reply.status, StatusCode::BAD_REQUEST);
        let body: serde_json::Value = serde_json::from_str(&reply.body).expect("JSON");
        assert_eq!(body["__type"], "ValidationException");
        assert_eq!(
            body["Message"],
            "7 validation errors detected: \
             Value 'ANN' at 'customer' failed to satisfy constraint: Member must satisfy regular expression pattern: ^[a-z]+$; \
             Value '0' at 'quantity' failed to satisfy constraint: Member must have value greater than or equal to 1; \
             Value 'urgent' at 'priority' failed to satisfy constraint: Member must satisfy enum value set: [low, high-priority]; \
             Value 'ab' at 'items.1.member.sku' failed to satisfy constraint: Member must have length greater than or equal to 3; \
             Value null at 'items.2.member.sku' failed to satisfy constraint: Member must not be null; \
             Value 'toolong' at 'labels.x' failed to satisfy constraint: Member must have length less than or equal to 3; \
             Value at 'attachment' failed to satisfy constraint: Member must have length less than or equal to 8"
        );
    }

    #[tokio::test]
    async fn a_missing_required_member_is_null() {
        let reply = place("").await;
        assert_eq!(reply.status, StatusCode::BAD_REQUEST);
        assert_eq!(
            reply.body,
            r#"{"__type":"ValidationException","Message":"1 validation error detected: Value null at 'customer' failed to satisfy constraint: Member must not be null"}"#
        );
    }

    #[tokio::test]
    async fn wrong_json_types_are_serialization_errors() {
        let reply = place(r#"{"Customer":42}"#).await;
        assert_eq!(reply.status, StatusCode::BAD_REQUEST);
        assert_eq!(
            reply.body,
            r#"{"__type":"SerializationException","Message":"NUMBER_VALUE can not be converted to String"}"#
        );
    }

    #[tokio::test]
    async fn server_faults_are_500() {
        let reply = place(r#"{"Customer":"closed"}"#).await;
        assert_eq!(reply.status, StatusCode::INTERNAL_SERVER_ERROR);
        assert_eq!(
            reply.body,
            r#"{"__type":"Unavailable","Message":"shop closed"}"#
        );
    }
}

mod naming_service {
    use super::naming::*;

    #[test]
    fn acronyms_and_keywords_get_rust_names_and_keep_wire_names() {
        let input = DescribeKMSKeyRequest {
            kms_key_id: "k".into(),
            r#type: Some("t".into()),
            r#match: None,
        };
        assert_eq!(input.kms_key_id, "k");
        let output = DescribeKMSKeyResponse {
            arn: Some("a".into()),
            rotation_lambda_arn: Some("l".into()),
            sort_by: Some(SortByType::CreatedDate),
        };
        assert_eq!(
            serde_json::to_string(&output).expect("serialize"),
            r#"{"ARN":"a","RotationLambdaARN":"l","SortBy":"created-date"}"#
        );
        assert_eq!(SortByType::Self_.as_str(), "self");
        assert_eq!(Operation::DescribeKMSKey.target(), "Keys.DescribeKMSKey");
    }

    struct Vault;

    // The trait name comes from the sdkId ("Key Vault"), the method name from the operation.
    impl KeyVaultHandler for Vault {
        async fn describe_kms_key(
            &self,
            _ctx: runtime::RequestContext,
            _input: DescribeKMSKeyRequest,
        ) -> Result<DescribeKMSKeyResponse, DescribeKMSKeyError> {
            Ok(DescribeKMSKeyResponse::default())
        }
    }

    #[test]
    fn the_handler_is_named_after_the_sdk_id() {
        let _router = router(std::sync::Arc::new(Vault));
    }
}

mod sensitive_service {
    use super::*;
    use sensitive_and_unit::*;

    struct Vault;

    impl VaultHandler for Vault {
        async fn ping(&self, _ctx: runtime::RequestContext) -> Result<PingResponse, PingError> {
            Ok(PingResponse {
                token: Some("t0ken-value".into()),
            })
        }

        async fn store_secret(
            &self,
            _ctx: runtime::RequestContext,
            _input: StoreSecretRequest,
        ) -> Result<(), StoreSecretError> {
            Ok(())
        }
    }

    #[test]
    fn debug_never_shows_sensitive_members() {
        let request = StoreSecretRequest {
            name: "db".into(),
            password: "hunter2-password".into(),
            payload: Some(runtime::Blob::new(*b"raw-bytes")),
        };
        let debug = format!("{request:?}");
        assert!(debug.contains("\"db\""));
        assert!(!debug.contains("hunter2"));
        assert!(!debug.contains("raw-bytes"));
        assert!(debug.contains("*** Sensitive Data Redacted ***"));
    }

    #[tokio::test]
    async fn unit_output_is_an_empty_body() {
        let reply = call(
            router(Arc::new(Vault)),
            "Vault.StoreSecret",
            r#"{"Name":"db","Password":"longenough","Payload":"cmF3"}"#,
        )
        .await;
        assert_eq!(reply.status, StatusCode::OK);
        assert_eq!(reply.body, "");
    }

    #[tokio::test]
    async fn sensitive_values_are_not_echoed_in_validation_errors() {
        let reply = call(
            router(Arc::new(Vault)),
            "Vault.StoreSecret",
            r#"{"Name":"db","Password":"short"}"#,
        )
        .await;
        assert_eq!(reply.status, StatusCode::BAD_REQUEST);
        assert!(!reply.body.contains("short"), "{}", reply.body);
        assert!(
            reply
                .body
                .contains("Value at 'password' failed to satisfy constraint")
        );
    }

    #[tokio::test]
    async fn unit_input_ignores_the_body() {
        let reply = call(router(Arc::new(Vault)), "Vault.Ping", "").await;
        assert_eq!(reply.status, StatusCode::OK);
        assert_eq!(reply.body, r#"{"Token":"t0ken-value"}"#);
    }
}
