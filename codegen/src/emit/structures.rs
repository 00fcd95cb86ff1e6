//! Structures as handlers see them: required and defaulted members plain, the rest `Option`.

use super::roles::{Role, structure_role};
use super::{doc, rust_type};
use crate::ir::{Member, Service, Shape, Structure};
use crate::names::{field_ident, type_ident};
use proc_macro2::TokenStream;
use quote::quote;
use serde_json::Value;

const REDACTED: &str = "*** Sensitive Data Redacted ***";

/// The structures that live in the module of `role`.
pub(super) fn of_role(service: &Service, role: Role) -> impl Iterator<Item = &Structure> {
    service
        .shapes
        .values()
        .filter_map(move |shape| match shape {
            Shape::Structure(structure) if structure_role(service, structure) == role => {
                Some(structure)
            }
            _ => None,
        })
}

pub(super) fn emit(service: &Service, role: Role) -> TokenStream {
    of_role(service, role)
        .map(|structure| structure_item(service, structure))
        .collect()
}

/// A member that always has a value in the Rust type.
pub(super) fn is_plain(member: &Member) -> bool {
    member.required || member.default.is_some()
}

pub(super) fn structure_item(service: &Service, structure: &Structure) -> TokenStream {
    let ident = type_ident(&structure.name);
    let serializable = structure.usage.output;
    let fields = structure.members.iter().map(|member| {
        let field = field_ident(&member.name);
        let value_type = rust_type(service, &member.target, &TokenStream::new());
        let field_type = if is_plain(member) {
            value_type
        } else {
            quote!(Option<#value_type>)
        };
        let docs = doc(&member.documentation);
        let serde = serializable.then(|| {
            let wire_name = &member.name;
            if is_plain(member) {
                quote!(#[serde(rename = #wire_name)])
            } else {
                quote!(#[serde(rename = #wire_name, skip_serializing_if = "Option::is_none")])
            }
        });
        quote! { #docs #serde pub #field: #field_type, }
    });
    let has_secrets = structure.members.iter().any(|member| member.sensitive);
    let mut derives = vec![quote!(Clone), quote!(PartialEq)];
    if !has_secrets {
        derives.push(quote!(Debug));
    }
    if structure.members.iter().all(defaults_to_rust_default) {
        derives.push(quote!(Default));
    }
    if serializable {
        derives.push(quote!(::serde::Serialize));
    }
    let docs = doc(&structure.documentation);
    let debug = has_secrets.then(|| redacted_debug(structure));
    quote! {
        #docs
        #[derive(#(#derives),*)]
        pub struct #ident { #(#fields)* }
        #debug
    }
}

/// Whether `Default::default()` gives the member's modelled default.
fn defaults_to_rust_default(member: &Member) -> bool {
    match (&member.default, member.required) {
        (None, false) => true,
        (None, true) => false,
        (Some(value), _) => match value {
            Value::Bool(flag) => !flag,
            Value::Number(number) => number.as_f64() == Some(0.0),
            Value::String(text) => text.is_empty(),
            Value::Array(items) => items.is_empty(),
            Value::Object(entries) => entries.is_empty(),
            Value::Null => true,
        },
    }
}

/// `Debug` that shows whether a sensitive member is set, never its value.
fn redacted_debug(structure: &Structure) -> TokenStream {
    let ident = type_ident(&structure.name);
    let name = &structure.name;
    let fields = structure.members.iter().map(|member| {
        let field = field_ident(&member.name);
        let label = field.to_string().trim_start_matches("r#").to_owned();
        match (member.sensitive, is_plain(member)) {
            (false, _) => quote!(.field(#label, &self.#field)),
            (true, true) => quote!(.field(#label, &#REDACTED)),
            (true, false) => quote!(.field(#label, &self.#field.as_ref().map(|_| #REDACTED))),
        }
    });
    quote! {
        impl ::std::fmt::Debug for #ident {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.debug_struct(#name) #(#fields)* .finish()
            }
        }
    }
}
