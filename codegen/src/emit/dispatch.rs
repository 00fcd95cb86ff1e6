//! The operation table: `Operation`, `dispatch` (one arm per operation) and `router`.

use super::handler::handler_ident;
use crate::ir::{Operation, Service};
use crate::names::{method_ident, type_ident};
use proc_macro2::TokenStream;
use quote::{format_ident, quote};

pub(super) fn emit(service: &Service) -> TokenStream {
    let handler = handler_ident(service);
    let variants: Vec<_> = service
        .operations
        .iter()
        .map(|operation| format_ident!("{}", operation.name))
        .collect();
    let names: Vec<&str> = service
        .operations
        .iter()
        .map(|operation| operation.name.as_str())
        .collect();
    let targets: Vec<String> = names
        .iter()
        .map(|name| format!("{}.{name}", service.target_prefix))
        .collect();
    let count = proc_macro2::Literal::usize_unsuffixed(variants.len());
    let arms = service.operations.iter().map(dispatch_arm);
    quote! {
        /// Every operation of the service.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum Operation { #(#variants,)* }

        impl Operation {
            pub const ALL: [Operation; #count] = [#(Operation::#variants),*];

            /// The operation's name in the model.
            pub const fn name(self) -> &'static str {
                match self { #(Operation::#variants => #names,)* }
            }

            /// The `X-Amz-Target` header value that selects it.
            pub const fn target(self) -> &'static str {
                match self { #(Operation::#variants => #targets,)* }
            }

            pub fn from_target(target: &str) -> Option<Operation> {
                match target {
                    #(#targets => Some(Operation::#variants),)*
                    _ => None,
                }
            }
        }

        /// Decodes and checks the input of `operation`, runs it on `handler` and encodes the result.
        pub async fn dispatch<H: #handler>(
            handler: &H,
            operation: Operation,
            ctx: ::runtime::RequestContext,
            body: &[u8],
        ) -> ::runtime::Response {
            match operation { #(#arms)* }
        }

        /// The service's HTTP API: AWS JSON 1.1 on `POST /`.
        pub fn router<H: #handler>(handler: ::std::sync::Arc<H>) -> ::runtime::axum::Router {
            ::runtime::router(Operation::from_target, move |operation, ctx, body| {
                let handler = ::std::sync::Arc::clone(&handler);
                async move { dispatch(&*handler, operation, ctx, &body).await }
            })
        }
    }
}

fn dispatch_arm(operation: &Operation) -> TokenStream {
    let variant = format_ident!("{}", operation.name);
    let method = method_ident(&operation.name);
    let respond = match operation.output {
        Some(_) => quote!(::runtime::respond),
        None => quote!(::runtime::respond_empty),
    };
    match &operation.input {
        Some(input) => {
            let input = type_ident(input);
            quote! {
                Operation::#variant => match ::runtime::decode::<#input>(body) {
                    Ok(input) => #respond(handler.#method(ctx, input).await),
                    Err(rejection) => rejection.into_response(),
                },
            }
        }
        None => quote! {
            Operation::#variant => #respond(handler.#method(ctx).await),
        },
    }
}
