//! The generator refuses what it cannot translate, naming the shape and the reason.

fn error_for(model: &str) -> String {
    match codegen::generate(model) {
        Ok(_) => panic!("expected the model to be refused"),
        Err(error) => error.to_string(),
    }
}

/// The refusal of a model whose one service `a#S` has the one operation `a#Op`, with `shapes`
/// (the operation's among them) besides.
fn error_for_service_with(shapes: &str) -> String {
    error_for(&format!(
        r#"{{"smithy":"2.0","shapes":{{
            "a#S":{{"type":"service","operations":[{{"target":"a#Op"}}]}},
            {shapes}}}}}"#
    ))
}

#[test]
fn names_a_target_that_is_not_in_the_model() {
    let message =
        error_for_service_with(r#""a#Op":{"type":"operation","input":{"target":"a#Missing"}}"#);
    assert_eq!(
        message,
        "shape a#Op: its target a#Missing is not in the model"
    );
}

#[test]
fn names_an_unsupported_shape_type() {
    let message = error_for_service_with(
        r#"
            "a#Op":{"type":"operation","input":{"target":"a#In"}},
            "a#In":{"type":"structure","members":{"Doc":{"target":"a#Doc"}}},
            "a#Doc":{"type":"union","members":{}}"#,
    );
    assert_eq!(
        message,
        "shape a#Doc: shapes of type `union` are not supported"
    );
}

#[test]
fn refuses_an_error_without_the_error_trait() {
    let message = error_for_service_with(
        r#"
            "a#Op":{"type":"operation","errors":[{"target":"a#Oops"}]},
            "a#Oops":{"type":"structure","members":{}}"#,
    );
    assert!(
        message.starts_with("shape a#Oops: a#Op lists it as an error"),
        "{message}"
    );
}

#[test]
fn needs_exactly_one_service() {
    assert_eq!(
        error_for(r#"{"smithy":"2.0","shapes":{}}"#),
        "the model has 0 service shapes; exactly one is needed"
    );
}

#[test]
fn refuses_smithy_1_models() {
    assert_eq!(
        error_for(r#"{"smithy":"1.0","shapes":{}}"#),
        "the model is Smithy 1.0; only 2.0 is supported"
    );
}

#[test]
fn refuses_text_that_is_not_json() {
    assert!(error_for("not json").starts_with("the model is not valid Smithy JSON AST"));
}
