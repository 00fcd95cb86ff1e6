//! Error shapes and one error enum per operation, whose variants are exactly the errors the
//! model lets that operation return.

use super::roles::Role;
use super::structures::{self, is_plain};
use crate::ir::{Fault, Operation, Service, Shape, Structure, TypeRef};
use crate::names::{field_ident, type_ident};
use proc_macro2::TokenStream;
use quote::{format_ident, quote};

pub(super) fn emit(service: &Service) -> TokenStream {
    let shapes: TokenStream = structures::of_role(service, Role::Errors)
        .map(|structure| {
            let item = structures::structure_item(service, structure);
            let impls = error_shape(service, structure);
            quote! { #item #impls }
        })
        .collect();
    let operations: TokenStream = service.operations.iter().map(operation_error).collect();
    quote! { #shapes #operations }
}

pub(super) fn error_enum_ident(operation: &Operation) -> proc_macro2::Ident {
    format_ident!("{}Error", operation.name)
}

/// The member that carries the human-readable message, if the shape has one.
fn message_member<'a>(
    service: &Service,
    structure: &'a Structure,
) -> Option<&'a crate::ir::Member> {
    structure.members.iter().find(|member| {
        member.name.eq_ignore_ascii_case("message") && is_string(service, &member.target)
    })
}

fn is_string(service: &Service, type_ref: &TypeRef) -> bool {
    use crate::ir::{Primitive, Simple};
    match type_ref {
        TypeRef::Primitive(primitive) => *primitive == Primitive::String,
        TypeRef::Shape(name) => matches!(
            service.shapes.get(name),
            Some(Shape::Simple(Simple {
                primitive: Primitive::String,
                ..
            }))
        ),
    }
}

fn error_shape(service: &Service, structure: &Structure) -> TokenStream {
    let ident = type_ident(&structure.name);
    let name = &structure.name;
    let fault = match structure.error {
        Some(Fault::Server) => quote!(::runtime::Fault::Server),
        _ => quote!(::runtime::Fault::Client),
    };
    let message = message_member(service, structure);
    let with_message = format!("{name}: {{}}");
    let message_body = match message {
        Some(member) if is_plain(member) => {
            let field = field_ident(&member.name);
            quote!(Some(&self.#field))
        }
        Some(member) => {
            let field = field_ident(&member.name);
            quote!(self.#field.as_deref())
        }
        None => quote!(None),
    };
    let constructor = match (message, structure.members.len()) {
        (Some(member), 1) => {
            let field = field_ident(&member.name);
            let value = if is_plain(member) {
                quote!(message.into())
            } else {
                quote!(Some(message.into()))
            };
            quote! {
                impl #ident {
                    pub fn new(message: impl Into<String>) -> Self {
                        Self { #field: #value }
                    }
                }
            }
        }
        _ => TokenStream::new(),
    };
    quote! {
        #constructor

        impl ::runtime::ErrorShape for #ident {
            const TYPE_NAME: &'static str = #name;
            const FAULT: ::runtime::Fault = #fault;

            fn message(&self) -> Option<&str> {
                #message_body
            }
        }

        impl ::std::fmt::Display for #ident {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                match ::runtime::ErrorShape::message(self) {
                    Some(message) => write!(f, #with_message, message),
                    None => f.write_str(#name),
                }
            }
        }

        impl ::std::error::Error for #ident {}
    }
}

fn operation_error(operation: &Operation) -> TokenStream {
    let ident = error_enum_ident(operation);
    let variants: Vec<_> = operation
        .errors
        .iter()
        .map(|error| type_ident(error))
        .collect();
    let doc = format!(" The errors `{}` may return.", operation.name);
    // An empty enum matched through a reference must be dereferenced to be exhaustive.
    let (scrutinee, formatter) = if variants.is_empty() {
        (quote!(*self), quote!(_f))
    } else {
        (quote!(self), quote!(f))
    };
    quote! {
        #[doc = #doc]
        #[derive(Clone, Debug, PartialEq)]
        pub enum #ident { #(#variants(#variants),)* }

        #(
            impl From<#variants> for #ident {
                fn from(error: #variants) -> Self {
                    Self::#variants(error)
                }
            }
        )*

        impl ::runtime::OperationError for #ident {
            fn type_name(&self) -> &'static str {
                match #scrutinee { #(Self::#variants(_) => <#variants as ::runtime::ErrorShape>::TYPE_NAME,)* }
            }

            fn message(&self) -> Option<&str> {
                match #scrutinee { #(Self::#variants(error) => ::runtime::ErrorShape::message(error),)* }
            }

            fn into_response(self) -> ::runtime::Response {
                match self { #(Self::#variants(error) => ::runtime::error_response(&error),)* }
            }
        }

        impl ::std::fmt::Display for #ident {
            fn fmt(&self, #formatter: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                match #scrutinee { #(Self::#variants(error) => ::std::fmt::Display::fmt(error, f),)* }
            }
        }

        impl ::std::error::Error for #ident {
            fn source(&self) -> Option<&(dyn ::std::error::Error + 'static)> {
                match #scrutinee { #(Self::#variants(error) => Some(error),)* }
            }
        }
    }
}
