//! The trait a service implements: one method per operation, no default bodies, so that a new
//! operation in the model is a compile error naming the method to write.

use super::doc;
use super::errors::error_enum_ident;
use crate::ir::{Operation, Service};
use crate::names::{method_ident, type_ident};
use proc_macro2::{Ident, TokenStream};
use quote::{format_ident, quote};

pub(super) fn handler_ident(service: &Service) -> Ident {
    format_ident!("{}Handler", service.api_name)
}

pub(super) fn emit(service: &Service) -> TokenStream {
    let ident = handler_ident(service);
    let methods = service.operations.iter().map(method);
    let trait_doc = format!(
        " The {} API: implement every method, then serve it with [`router`].",
        service.api_name
    );
    // The service's own documentation, if any, then a blank doc line before the trait's.
    let service_doc = service.documentation.is_some().then(|| {
        let lines = doc(&service.documentation);
        quote! { #lines #[doc = ""] }
    });
    quote! {
        #service_doc
        #[doc = #trait_doc]
        pub trait #ident: Send + Sync + 'static {
            #(#methods)*
        }
    }
}

fn method(operation: &Operation) -> TokenStream {
    let name = method_ident(&operation.name);
    let docs = doc(&operation.documentation);
    let input = operation.input.as_ref().map(|input| {
        let input = type_ident(input);
        quote!(, input: #input)
    });
    let output = match &operation.output {
        Some(output) => {
            let output = type_ident(output);
            quote!(#output)
        }
        None => quote!(()),
    };
    let error = error_enum_ident(operation);
    quote! {
        #docs
        fn #name(&self, ctx: ::runtime::RequestContext #input)
            -> impl ::std::future::Future<Output = Result<#output, #error>> + Send;
    }
}
